package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.v4j.api.BufferQueue;
import org.v4j.api.BufferType;
import org.v4j.api.Device;
import org.v4j.api.ExportableBufferPool;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.DmaBuf;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.Mappable;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PrimitiveBufferHandles;

/**
 * Output to capture through vivid's video loopback (S-Video out to S-Video in): the output queue
 * has MMAP buffers; half of them stream out, the other half are exported (EXPBUF) and imported by
 * the capture queue as DMABUF. What was written to the output is what is read back, byte for byte.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoopbackGuestIT {
    private static final int BUFFERS = 4;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return Gateway.options_();
    }

    private MemoryProvider mmap() throws Exception {
        var refs = context.getServiceReferences(MemoryProvider.class, "(" + MemoryProvider.MEMORY_TYPE + "=MMAP)");
        return context.getService(refs.iterator().next());
    }

    /** A picture per output buffer that no driver would make up: bytes from a per-buffer LCG. */
    private static byte[] pattern(int buffer, int size) {
        byte[] b = new byte[size];
        int x = 0x9e3779b9 * (buffer + 1);
        for (int i = 0; i < size; i++) {
            x = x * 1103515245 + 12345;
            b[i] = (byte) (x >>> 24);
        }
        return b;
    }

    @Test
    public void whatTheOutputWritesTheCaptureReadsBackByteForByte() throws Exception {
        String capPath = "/dev/video0";
        String outPath = "/dev/video1";
        List<String> baseline = Gateway.v4lResources();
        Vivid.ctl(capPath, "-i", "2"); // S-Video input
        Vivid.ctl(outPath, "-o", "0"); // S-Video output
        Vivid.ctl(capPath, "-c", "s_video_000_0_is_connected_to=2,osd_text_mode=2"); // S-Video in <- S-Video out
        try (Device out = Device.open(outPath); Device cap = Device.open(capPath)) {
            Format in = cap.setFormat(BufferType.VIDEO_CAPTURE, 0, 0, PixelFormat.YUYV);
            Format outFormat = out.setFormat(BufferType.VIDEO_OUTPUT, in.width(), in.height(), PixelFormat.YUYV);
            assertEquals(in.describe(), outFormat.describe());
            int size = outFormat.planes().get(0).sizeImage();

            BufferQueue output = out.queue(BufferType.VIDEO_OUTPUT);
            ExportableBufferPool pool = (ExportableBufferPool) output.allocate(mmap(), 2 * BUFFERS, null);
            BufferQueue capture = cap.queue(BufferType.VIDEO_CAPTURE);
            capture.requestBuffers(MemoryType.DMABUF, BUFFERS);
            List<byte[]> written = new ArrayList<>();
            for (int i = 0; i < BUFFERS; i++) {
                // capture buffer i is output buffer BUFFERS + i, shared as a dma-buf
                DmaBufFd fd = pool.export(BUFFERS + i, 0);
                MemorySegment mapping = ((Mappable) pool.handles(BUFFERS + i).plane(0)).mapping();
                capture.queue(i, new PrimitiveBufferHandles<>(DmaBuf.INSTANCE, List.of(new DmaBufHandle<>(fd, mapping))));
                Frame frame = output.frame(i);
                byte[] picture = pattern(i, size);
                written.add(picture);
                MemorySegment.copy(picture, 0, frame.plane(0), ValueLayout.JAVA_BYTE, 0, size);
                frame.setBytesUsed(0, size);
                output.queue(i, frame.handles());
            }
            output.streamOn();
            capture.streamOn();
            int matched = 0;
            int captured = 0;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (matched < 10 && System.nanoTime() < deadline) {
                Frame done = output.dequeue(0);
                if (done != null) {
                    output.queue(done.index(), done.handles()); // same picture again
                }
                Frame frame = capture.dequeue(200);
                if (frame == null) {
                    continue;
                }
                captured++;
                byte[] read = frame.plane(0).toArray(ValueLayout.JAVA_BYTE);
                if (written.stream().anyMatch(w -> Arrays.equals(w, read))) {
                    matched++;
                } else if (captured > 2 * BUFFERS + 10) {
                    int differing = 0;
                    for (int b = 0; b < read.length; b++) {
                        differing += read[b] != written.get(0)[b] ? 1 : 0;
                    }
                    throw new AssertionError("captured frame " + captured + " (" + read.length + " bytes) matches no written picture; "
                            + differing + " bytes differ from picture 0");
                }
                capture.queue(frame.index(), frame.handles());
            }
            System.out.printf("loopback %s: %d captured, %d identical to a written picture%n", in.describe(), captured, matched);
            assertEquals(10, matched);
        } finally {
            Vivid.ctl(capPath, "-c", "s_video_000_0_is_connected_to=0,osd_text_mode=0");
            Vivid.ctl(capPath, "-i", "0");
        }
        assertEquals(baseline, Gateway.v4lResources());
    }
}
