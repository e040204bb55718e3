package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.v4j.device.BufferQueue;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.device.Device;
import org.v4j.api.Format;
import org.v4j.api.Frame;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.DmaBuf;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PrimitiveBufferHandles;
import org.v4j.device.Buffers;

/**
 * Output queues of every memory type, single- and multi-planar, looped back to capture by vivid
 * (S-Video out to S-Video in of the same instance): what was written to the output is what is read
 * back, byte for byte. In one variant the capture queue imports the output's own MMAP buffers
 * (EXPBUF) as DMABUF.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoopbackGuestIT extends LeakCheckedGuestTest {
    private static final int BUFFERS = 4;
    private static final int FRAMES = 8;

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

    private static byte[] planes(Frame frame) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int p = 0; p < frame.planeCount(); p++) {
            all.writeBytes(frame.plane(p).toArray(ValueLayout.JAVA_BYTE));
        }
        return all.toByteArray();
    }

    /**
     * Streams FRAMES frames from an output queue of memory {@code outMemory} to its loopback capture
     * and returns how many captured frames equal a written picture; {@code shared}: the capture
     * imports the output's MMAP buffers as DMABUF instead of allocating its own.
     */
    private int loop(int instance, PixelFormat format, MemoryType outMemory, String source, boolean shared) throws Exception {
        boolean mp = instance == 1;
        BufferType capType = mp ? BufferType.VIDEO_CAPTURE_MPLANE : BufferType.VIDEO_CAPTURE;
        BufferType outType = mp ? BufferType.VIDEO_OUTPUT_MPLANE : BufferType.VIDEO_OUTPUT;
        String capPath = Vivid.instanceNode(instance, mp ? org.v4j.api.CapabilityFlag.VIDEO_CAPTURE_MPLANE : org.v4j.api.CapabilityFlag.VIDEO_CAPTURE);
        String outPath = Vivid.instanceNode(instance, mp ? org.v4j.api.CapabilityFlag.VIDEO_OUTPUT_MPLANE : org.v4j.api.CapabilityFlag.VIDEO_OUTPUT);
        Vivid.loopSVideo(capPath, outPath, instance);
        // maps: the capture side's own mappings of the imported dma-bufs, unmapped after both devices closed
        try (java.lang.foreign.Arena maps = java.lang.foreign.Arena.ofShared(); Device out = Device.open(outPath);
                Device cap = Device.open(capPath)) {
            Format in = cap.setFormat(capType, 0, 0, format);
            Format outFormat = out.setFormat(outType, in.width(), in.height(), format);
            assertEquals(in.describe(), outFormat.describe());
            assertEquals(in.planes(), outFormat.planes());

            BufferQueue output = out.queue(outType);
            BufferQueue capture = cap.queue(capType);
            Buffers<?> outBuffers;
            if (shared) {
                Buffers<MmapHandle> exports = output.allocate(this.<MmapHandle>provider(MemoryType.MMAP), 2 * BUFFERS, null);
                outBuffers = exports;
                Buffers<PlaneHandle<DmaBuf>> imported = capture.allocate(DmaBuf.INSTANCE, BUFFERS);
                for (int i = 0; i < BUFFERS; i++) {
                    List<DmaBufHandle<DmaBufFd>> handles = new ArrayList<>();
                    for (int p = 0; p < in.planes().size(); p++) {
                        DmaBufFd fd = output.export(exports, BUFFERS + i, p);
                        handles.add(new DmaBufHandle<>(fd, map(fd, maps)));
                    }
                    imported.queue(i, new PrimitiveBufferHandles<>(DmaBuf.INSTANCE, handles));
                }
            } else {
                outBuffers = output.allocate(provider(outMemory), BUFFERS, source);
                int n = capture.allocate(provider(MemoryType.MMAP), BUFFERS, null).size();
                for (int i = 0; i < n; i++) {
                    capture.queue(i);
                }
            }
            List<byte[]> written = new ArrayList<>();
            for (int i = 0; i < BUFFERS; i++) {
                Frame frame = output.frame(i);
                ByteArrayOutputStream picture = new ByteArrayOutputStream();
                for (int p = 0; p < frame.planeCount(); p++) {
                    int size = outFormat.planes().get(p).sizeImage();
                    byte[] bytes = pattern(i * 8 + p, size);
                    MemorySegment.copy(bytes, 0, frame.plane(p), ValueLayout.JAVA_BYTE, 0, size);
                    frame.setBytesUsed(p, size);
                    picture.writeBytes(bytes);
                }
                written.add(picture.toByteArray());
                output.queue(i);
            }
            output.streamOn();
            capture.streamOn();
            int matched = 0;
            int captured = 0;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (captured < FRAMES + BUFFERS && matched < FRAMES && System.nanoTime() < deadline) {
                Frame done = output.dequeue(0);
                if (done != null) {
                    output.queue(done.index()); // the same picture again, same bytes used
                }
                Frame frame = capture.dequeue(200);
                if (frame == null) {
                    continue;
                }
                captured++;
                byte[] read = planes(frame);
                if (written.stream().anyMatch(w -> Arrays.equals(w, read))) {
                    matched++;
                }
                capture.queue(frame.index());
            }
            System.out.printf("loopback %s %s output%s: %d captured, %d identical to a written picture%n", in.describe(),
                    outMemory + (source == null ? "" : " from " + source), shared ? ", capture imports its buffers" : "",
                    captured, matched);

            // STREAMOFF gives every buffer back with the handles it was queued with: each queues again as it was
            output.streamOff();
            for (int i = 0; i < output.size(); i++) {
                assertFalse(output.frame(i).isQueued());
                output.queue(i);
                assertTrue(output.frame(i).isQueued());
            }
            output.streamOff();
            return matched;
        } finally {
            Vivid.unloop(capPath, instance);
        }
    }

    @Test
    public void everyOutputMemoryTypeLoopsBackByteForByte() throws Exception {
        Map<String, Integer> matched = new LinkedHashMap<>();
        for (int instance : new int[] {0, 1}) {
            PixelFormat format = instance == 0 ? PixelFormat.YUYV : PixelFormat.NV12M;
            matched.put(instance + " MMAP", loop(instance, format, MemoryType.MMAP, null, false));
            matched.put(instance + " USERPTR", loop(instance, format, MemoryType.USERPTR, null, false));
            matched.put(instance + " DMABUF heap", loop(instance, format, MemoryType.DMABUF, "heap", false));
            matched.put(instance + " MMAP shared as DMABUF", loop(instance, format, MemoryType.MMAP, null, true));
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        matched.keySet().forEach(k -> expected.put(k, FRAMES));
        assertEquals(expected, matched);
    }

    /** The dma-buf mapped read-only into {@code arena} (unmapped when it closes), as an importer reads it. */
    private static java.lang.foreign.MemorySegment map(DmaBufFd fd, java.lang.foreign.Arena arena) {
        long length = fd.length();
        long address = org.v4j.ioctl.Mman.mmap(fd.fd(), fd.name(), length, org.v4j.ioctl.Mman.PROT_READ, 0);
        return java.lang.foreign.MemorySegment.ofAddress(address).reinterpret(length, arena,
                segment -> org.v4j.ioctl.Mman.munmap(address, length, fd.name()));
    }
}
