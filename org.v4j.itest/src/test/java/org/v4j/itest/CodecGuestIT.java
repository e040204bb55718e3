package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.v4j.api.BufferType;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.DmaBuf;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PrimitiveBufferHandles;
import org.v4j.device.BufferQueue;
import org.v4j.device.Buffers;
import org.v4j.device.Device;
import org.v4j.device.EncodeChain;
import org.v4j.device.FwhtFrames;
import org.v4j.device.Mem2Mem;
import org.v4j.device.StatefulDecoder;

/**
 * vicodec's stateful FWHT encoder and decoder, fed by vivid through the zero-copy chain: vivid's
 * MMAP buffers exported and queued on the encoder's OUTPUT as DMABUF. decode(encode(frames))
 * matches the source within FWHT's loss (PSNR measured per frame), a drain gives every frame and
 * then the LAST buffer and EOS, a second run restarts with an I-frame, and bad input (a cut
 * stream, a refused format, a dma-buf too small) fails with a clear error, leaving nothing open.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CodecGuestIT extends LeakCheckedGuestTest {
    private static final int W = 640, H = 360, FRAMES = 6;
    /** The least PSNR accepted on vivid's colour bars (measured ~37-38 dB at vicodec's default QP 20). */
    static final double MIN_PSNR_DB = 30.0;
    static final PixelFormat FWHT = PixelFormat.of("FWHT");

    private static byte[] bytes(org.v4j.device.DeviceFrame frame) {
        return frame.plane(0).asSlice(0, frame.bytesUsed(0)).toArray(ValueLayout.JAVA_BYTE);
    }

    static double psnr(byte[] a, byte[] b) {
        assertEquals("frame sizes", a.length, b.length);
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            se += d * d;
        }
        return se == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * a.length / se);
    }

    /** The inode of an fd of this process (what {@code stat /proc/self/fd/N} says). */
    static long inode(int fd) throws Exception {
        return ((Number) Files.getAttribute(Path.of("/proc/self/fd/" + fd), "unix:ino")).longValue();
    }

    /** The dma-buf's file reference count from /proc/self/fdinfo: each importer holds one. */
    static int dmabufCount(int fd) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("count:")) {
                return Integer.parseInt(line.substring(6).strip());
            }
        }
        throw new AssertionError("fd " + fd + " is not a dma-buf (no count: in its fdinfo)");
    }

    private record Encoded(List<byte[]> raw, List<byte[]> coded, EncodeChain.Result result, EncodeChain.Result second) {}

    /** FRAMES vivid frames through the zero-copy chain (twice when {@code restart}), checking what proves no copy. */
    private Encoded encode(boolean restart) throws Exception {
        return encode(restart, W, H, FRAMES);
    }

    private Encoded encode(boolean restart, int width, int height, int frames) throws Exception {
        String camPath = Vivid.node(BufferType.VIDEO_CAPTURE);
        try (Device cam = Device.open(camPath)) {
            Format f = cam.setFormat(BufferType.VIDEO_CAPTURE, width, height, PixelFormat.YUYV);
            assertEquals("YUYV " + width + "x" + height, f.pixelFormat() + " " + f.width() + "x" + f.height());
            BufferQueue camera = cam.queue(BufferType.VIDEO_CAPTURE);
            Buffers<MmapHandle> buffers = camera.allocate(this.<MmapHandle>provider(MemoryType.MMAP), 4, null);
            List<byte[]> raw = new ArrayList<>(), coded = new ArrayList<>();
            EncodeChain.Result first, second = null;
            try (EncodeChain chain = EncodeChain.open(camera, buffers, M2mNodes.node(M2mNodes.ENCODER),
                    provider(MemoryType.MMAP), 4)) {
                assertEquals(FWHT, chain.codedFormat().pixelFormat());
                first = chain.run(frames, r -> raw.add(bytes(r)), e -> coded.add(bytes(e)), 20_000);
                // no copy: the encoder's OUTPUT buffers were queued with the camera's own dma-bufs, and the kernel
                // holds a reference to each of them (its file count is above our one fd)
                List<DmaBufFd> exports = chain.exports();
                int checked = 0;
                for (int i = 0; i < exports.size(); i++) {
                    int fd = chain.importedFd(i);
                    if (fd >= 0) {
                        assertEquals("encoder OUTPUT " + i + " carries camera buffer " + i, inode(exports.get(i).fd()), inode(fd));
                        assertTrue("the encoder holds camera buffer " + i, dmabufCount(fd) >= 2);
                        checked++;
                    }
                }
                assertEquals(Math.min(frames, exports.size()), checked);
                System.out.printf("zero-copy: encoder OUTPUT buffers 0-%d imported camera dma-bufs with inodes %s, "
                        + "kernel file counts %s%n", checked - 1, inodes(exports), counts(exports));
                if (restart) {
                    second = chain.run(3, null, e -> coded.add(bytes(e)), 20_000);
                }
            }
            camera.free();
            return new Encoded(raw, coded, first, second);
        }
    }

    private static List<Long> inodes(List<DmaBufFd> fds) throws Exception {
        List<Long> out = new ArrayList<>();
        for (DmaBufFd fd : fds) {
            out.add(inode(fd.fd()));
        }
        return out;
    }

    private static List<Integer> counts(List<DmaBufFd> fds) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (DmaBufFd fd : fds) {
            out.add(dmabufCount(fd.fd()));
        }
        return out;
    }

    private List<byte[]> decode(List<byte[]> coded, StatefulDecoder.Result[] result) throws Exception {
        List<byte[]> decoded = new ArrayList<>();
        try (StatefulDecoder decoder = StatefulDecoder.open(M2mNodes.node(M2mNodes.DECODER), FWHT, W, H,
                this.<MmapHandle>provider(MemoryType.MMAP), 4, provider(MemoryType.MMAP), 4, PixelFormat.YUYV)) {
            result[0] = decoder.decode(coded, (frame, format) -> decoded.add(bytes(frame)), 20_000);
        }
        return decoded;
    }

    @Test
    public void decodeOfEncodeMatchesTheSourceAndDrainGivesEveryFrame() throws Exception {
        Encoded e = encode(true);
        assertEquals(FRAMES, e.result().fed());
        assertEquals("every fed frame encoded before LAST", FRAMES, e.result().encoded());
        assertTrue("the drain ended with a LAST buffer", e.result().last());
        assertTrue("V4L2_EVENT_EOS came", e.result().eosEvent());
        assertEquals(FRAMES, e.raw().size());
        assertTrue(FwhtFrames.header(e.coded().get(0), 0, "frame 0").isIntra());
        // stop/start: the second run restarts the encoder, with an I-frame, and drains again
        assertEquals(3, e.second().encoded());
        assertTrue(e.second().last());
        assertTrue("a restart begins with an I-frame", FwhtFrames.header(e.coded().get(FRAMES), 0, "frame").isIntra());
        assertTrue("P-frames follow", !FwhtFrames.header(e.coded().get(1), 0, "frame 1").isIntra());

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        e.coded().subList(0, FRAMES).forEach(stream::writeBytes);
        FwhtFrames.Split split = FwhtFrames.split(stream.toByteArray(), "stream");
        assertNull(split.cut());
        assertEquals(FRAMES, split.frames().size());

        StatefulDecoder.Result[] result = new StatefulDecoder.Result[1];
        List<byte[]> decoded = decode(split.frames(), result);
        assertEquals("every frame decoded, then LAST", FRAMES, decoded.size());
        assertEquals(1, result[0].sourceChanges());
        assertEquals("YUYV 640x360", result[0].format().pixelFormat() + " " + result[0].format().width() + "x"
                + result[0].format().height());
        double min = Double.POSITIVE_INFINITY;
        List<String> db = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            double p = psnr(e.raw().get(i), decoded.get(i));
            db.add("%.1f".formatted(p));
            min = Math.min(min, p);
        }
        System.out.printf("vicodec: %d vivid frames YUYV 640x360 -> %d FWHT bytes (%s) -> decoded PSNR dB %s%n", FRAMES,
                stream.size(), e.coded().subList(0, FRAMES).stream().map(b -> String.valueOf(b.length)).toList(), db);
        assertTrue("PSNR " + min + " dB below " + MIN_PSNR_DB, min >= MIN_PSNR_DB);

        // a stream cut in half: the I-frame is half of it, so no whole frame is left; the cut is named and the
        // decoder refuses to start on nothing
        byte[] all = stream.toByteArray();
        FwhtFrames.Split half = FwhtFrames.split(java.util.Arrays.copyOf(all, all.length / 2), "half.fwht");
        assertNotNull(half.cut());
        assertTrue(half.cut(), half.cut().startsWith("half.fwht: cut short"));
        assertTrue(half.cut(), half.frames().size() < FRAMES / 2 + 1);
        System.out.printf("cut stream: %s (%d whole frames)%n", half.cut(), half.frames().size());
        if (half.frames().isEmpty()) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> decode(half.frames(), result));
            assertTrue(none.getMessage(), none.getMessage().contains("no whole frame to decode"));
        }
        // cut inside the last frame: the whole frames before it decode
        FwhtFrames.Split cut = FwhtFrames.split(java.util.Arrays.copyOf(all, all.length - 100), "cut.fwht");
        assertEquals(FRAMES - 1, cut.frames().size());
        assertNotNull(cut.cut());
        List<byte[]> partial = decode(cut.frames(), result);
        assertEquals(FRAMES - 1, partial.size());
        System.out.printf("cut stream: %s; %d whole frames decoded%n", cut.cut(), partial.size());
    }

    @Test
    public void aResolutionChangeMidStreamReallocatesCapture() throws Exception {
        List<byte[]> stream = new ArrayList<>(encode(false, W, H, 3).coded());
        stream.addAll(encode(false, 1280, 720, 3).coded());
        try {
            List<String> formats = new ArrayList<>();
            StatefulDecoder.Result r;
            try (StatefulDecoder decoder = StatefulDecoder.open(M2mNodes.node(M2mNodes.DECODER), FWHT, W, H,
                    this.<MmapHandle>provider(MemoryType.MMAP), 4, provider(MemoryType.MMAP), 4, PixelFormat.YUYV)) {
                r = decoder.decode(stream, (frame, format) -> formats.add(format.describe() + " " + frame.bytesUsed(0)), 20_000);
            }
            System.out.printf("resolution change: %d source changes, frames %s%n", r.sourceChanges(), formats);
            assertEquals(2, r.sourceChanges());
            assertEquals(List.of("640x360 YUYV 460800", "640x360 YUYV 460800", "640x360 YUYV 460800",
                    "1280x720 YUYV 1843200", "1280x720 YUYV 1843200", "1280x720 YUYV 1843200"), formats);
        } finally {
            try (Device cam = Device.open(Vivid.node(BufferType.VIDEO_CAPTURE))) {
                cam.setFormat(BufferType.VIDEO_CAPTURE, W, H, PixelFormat.YUYV);
            }
        }
    }

    @Test
    public void aFormatTheEncoderRefusesIsNamed() throws Exception {
        String camPath = Vivid.node(BufferType.VIDEO_CAPTURE);
        try (Device cam = Device.open(camPath)) {
            Format f = cam.setFormat(BufferType.VIDEO_CAPTURE, W, H, PixelFormat.of("RGBP")); // RGB565: not among vicodec's
            assertEquals(PixelFormat.of("RGBP"), f.pixelFormat());
            BufferQueue camera = cam.queue(BufferType.VIDEO_CAPTURE);
            Buffers<MmapHandle> buffers = camera.allocate(this.<MmapHandle>provider(MemoryType.MMAP), 2, null);
            V4l2Exception e = assertThrows(V4l2Exception.class, () -> EncodeChain.open(camera, buffers,
                    M2mNodes.node(M2mNodes.ENCODER), provider(MemoryType.MMAP), 2));
            System.out.println("refused format: " + e.getMessage());
            assertTrue(e.getMessage(), e.getMessage().startsWith("the encoder does not take 640x360 RGBP from " + camPath));
            assertTrue(e.getMessage(), e.getMessage().contains("VIDIOC_S_FMT"));
            camera.free();
            cam.setFormat(BufferType.VIDEO_CAPTURE, W, H, PixelFormat.YUYV);
        }
    }

    @Test
    public void aDmaBufTooSmallForTheEncoderIsRefused() throws Exception {
        String camPath = Vivid.node(BufferType.VIDEO_CAPTURE);
        try (Device cam = Device.open(camPath); Mem2Mem encoder = Mem2Mem.open(M2mNodes.node(M2mNodes.ENCODER))) {
            cam.setFormat(BufferType.VIDEO_CAPTURE, W, H, PixelFormat.YUYV);
            BufferQueue camera = cam.queue(BufferType.VIDEO_CAPTURE);
            Buffers<MmapHandle> buffers = camera.allocate(this.<MmapHandle>provider(MemoryType.MMAP), 2, null);
            Format big = encoder.device().setFormat(encoder.output().type(), 1280, 720, PixelFormat.YUYV);
            Buffers<PlaneHandle<DmaBuf>> imported = encoder.output().allocate(DmaBuf.INSTANCE, 2);
            DmaBufFd fd = camera.export(buffers, 0, 0);
            encoder.output().frame(0).setBytesUsed(0, W * H * 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> imported.queue(0,
                    new PrimitiveBufferHandles<>(DmaBuf.INSTANCE, List.of(new DmaBufHandle<>(fd, null)))));
            System.out.println("dma-buf too small: " + e.getMessage());
            assertTrue(e.getMessage(), e.getMessage().contains(encoder.device().path()));
            assertTrue(e.getMessage(), e.getMessage().contains(String.valueOf(W * H * 2))
                    && e.getMessage().contains(String.valueOf(big.planes().get(0).sizeImage())));
            assertTrue("nothing queued", !encoder.output().frame(0).isQueued());
        }
    }
}
