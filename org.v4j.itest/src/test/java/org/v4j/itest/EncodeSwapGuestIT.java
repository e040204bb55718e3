package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.v4j.api.BufferType;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.DmaBufSource;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.device.BufferQueue;
import org.v4j.device.Buffers;
import org.v4j.device.Device;
import org.v4j.device.DeviceFrame;
import org.v4j.device.EncodeChain;
import org.v4j.device.FwhtFrames;
import org.v4j.device.StatefulDecoder;

/**
 * The camera swaps its memory while the chain to vicodec's encoder stays open: the chain lets go
 * of the camera's buffers (encoder OUTPUT off and freed, CAPTURE kept), the camera frees and
 * reallocates, and the chain takes the new buffers. MMAP again is exported anew and imported with
 * no copy (the encoder's OUTPUT carries the new dma-bufs' inodes); USERPTR cannot be exported and
 * is refused by name (no copying fallback). And during a run: the camera moves from MMAP to the
 * DMABUF provider's dma-heap buffers while the encoder streams on; every frame the camera gave is
 * encoded and decodes, and the encoder's OUTPUT carries the heap's dma-bufs afterwards. The
 * gateway's {@code v4j:encode} does the same when org.v4j.mmap is stopped under it. Nothing is
 * left open or mapped afterwards.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EncodeSwapGuestIT extends LeakCheckedGuestTest {
    private static final int W = 640, H = 360, FRAMES = 4, BUFFERS = 4;

    private static List<Long> inodes(List<? extends DmaBufSource> fds) throws Exception {
        List<Long> inodes = new ArrayList<>();
        for (DmaBufSource fd : fds) {
            inodes.add(CodecGuestIT.inode(fd.fd()));
        }
        return inodes;
    }

    /** The inodes of the dma-bufs the encoder's OUTPUT buffers were last queued with. */
    private static List<Long> imported(EncodeChain chain) throws Exception {
        List<Long> inodes = new ArrayList<>();
        for (int i = 0; i < BUFFERS; i++) {
            int fd = chain.importedFd(i);
            inodes.add(fd >= 0 ? CodecGuestIT.inode(fd) : -1L);
        }
        return inodes;
    }

    @Test
    public void aCameraMemorySwapKeepsTheChainEncoding() throws Exception {
        try (Device cam = Device.open(Vivid.node(BufferType.VIDEO_CAPTURE))) {
            cam.setFormat(BufferType.VIDEO_CAPTURE, W, H, PixelFormat.YUYV);
            BufferQueue camera = cam.queue(BufferType.VIDEO_CAPTURE);
            Buffers<MmapHandle> before = camera.allocate(this.<MmapHandle>provider(MemoryType.MMAP), BUFFERS, null);
            try (EncodeChain chain = EncodeChain.open(camera, before, M2mNodes.node(M2mNodes.ENCODER),
                    provider(MemoryType.MMAP), BUFFERS)) {
                EncodeChain.Result first = chain.run(FRAMES, null, e -> { }, 20_000);
                assertEquals("encoded before the swap", FRAMES, first.encoded());
                List<Long> oldInodes = inodes(chain.exports());
                assertEquals("the encoder carried the first buffers", oldInodes, imported(chain));

                chain.detachCamera();
                camera.free();
                Buffers<PlaneHandle<?>> userptr = camera.allocate(provider(MemoryType.USERPTR), BUFFERS, null);
                V4l2Exception refused = assertThrows(V4l2Exception.class, () -> chain.rebind(userptr));
                assertTrue(refused.getMessage(), refused.getMessage().contains("USERPTR buffers cannot be exported"));
                assertThrows(IllegalStateException.class, () -> chain.run(1, null, e -> { }, 1000));
                camera.free();

                Buffers<MmapHandle> after = camera.allocate(this.<MmapHandle>provider(MemoryType.MMAP), BUFFERS, null);
                chain.rebind(after);
                List<Long> newInodes = inodes(chain.exports());
                EncodeChain.Result second = chain.run(FRAMES, null, e -> { }, 20_000);
                assertEquals("encoded after the swap", FRAMES, second.encoded());
                assertTrue("drained after the swap", second.last());
                assertEquals("the encoder carries the new buffers", newInodes, imported(chain));
                for (Long inode : newInodes) {
                    assertTrue("a new dma-buf, not an old one: " + oldInodes + " vs " + newInodes, !oldInodes.contains(inode));
                }
                assertNotEquals(oldInodes, newInodes);
                System.out.printf("swap while encoding: %d frames (%d bytes) before, dma-bufs %s; USERPTR refused (%s);"
                        + " MMAP again: %d frames (%d bytes), dma-bufs %s, LAST %s%n", first.encoded(), first.bytes(), oldInodes,
                        refused.getMessage(), second.encoded(), second.bytes(), newInodes, second.last());
            } finally {
                camera.free();
            }
        }
    }

    /** The dma-buf's exporter, from /proc/self/fdinfo: vb2's allocator for an export, the heap's name for a dma-heap buffer. */
    private static String exporter(int fd) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("exp_name:")) {
                return line.substring(9).strip();
            }
        }
        throw new AssertionError("fd " + fd + " is not a dma-buf (no exp_name: in its fdinfo)");
    }

    private static List<String> exporters(List<DmaBufSource> fds) throws Exception {
        List<String> names = new ArrayList<>();
        for (DmaBufSource fd : fds) {
            names.add(exporter(fd.fd()));
        }
        return names;
    }

    private static byte[] bytes(DeviceFrame frame) {
        return frame.plane(0).asSlice(0, frame.bytesUsed(0)).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    public void aSwapDuringARunLosesNoFrameAndStaysZeroCopy() throws Exception {
        int frames = 10, swapAt = 4;
        try (Device cam = Device.open(Vivid.node(BufferType.VIDEO_CAPTURE))) {
            cam.setFormat(BufferType.VIDEO_CAPTURE, W, H, PixelFormat.YUYV);
            BufferQueue camera = cam.queue(BufferType.VIDEO_CAPTURE);
            Buffers<MmapHandle> mmap = camera.allocate(this.<MmapHandle>provider(MemoryType.MMAP), BUFFERS, null);
            List<byte[]> raw = new ArrayList<>(), coded = new ArrayList<>();
            List<Long> stamps = new ArrayList<>();
            Map<MemoryType, Integer> fedFrom = new EnumMap<>(MemoryType.class);
            List<List<Long>> carriedAtSwap = new ArrayList<>();
            List<CompletableFuture<MemoryType>> swap = new ArrayList<>();
            try (EncodeChain chain = EncodeChain.open(camera, mmap, M2mNodes.node(M2mNodes.ENCODER),
                    provider(MemoryType.MMAP), BUFFERS)) {
                V4l2Exception refused = assertThrows(V4l2Exception.class,
                        () -> chain.swapCamera(provider(MemoryType.USERPTR), null));
                assertTrue(refused.getMessage(), refused.getMessage().contains("USERPTR buffers cannot be exported"));
                org.v4j.api.MemoryProvider<?> dmabuf = provider(MemoryType.DMABUF);
                List<DmaBufSource> oldBufs = chain.cameraDmaBufs();
                List<Long> oldInodes = inodes(oldBufs);
                List<String> oldExporters = exporters(oldBufs);
                EncodeChain.Result r = chain.run(frames, f -> {
                    raw.add(bytes(f));
                    stamps.add(f.timestampNanos());
                    fedFrom.merge(camera.memoryType(), 1, Integer::sum);
                    if (raw.size() == swapAt) { // on the chain's own thread, mid-run; any thread may ask
                        try {
                            carriedAtSwap.add(imported(chain));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        swap.add(chain.swapCamera(dmabuf, "heap"));
                    }
                }, e -> coded.add(bytes(e)), 20_000);

                assertEquals("the swap completed to DMABUF", MemoryType.DMABUF, swap.getFirst().getNow(null));
                assertEquals(1, r.swaps());
                assertEquals("every frame fed", frames, r.fed());
                assertEquals("no frame lost to the encoder", frames, r.encoded());
                assertEquals(frames, coded.size());
                assertTrue("drained to LAST", r.last());
                assertTrue("MMAP frames before the swap: " + fedFrom, fedFrom.getOrDefault(MemoryType.MMAP, 0) >= swapAt);
                assertTrue("DMABUF frames after the swap: " + fedFrom, fedFrom.getOrDefault(MemoryType.DMABUF, 0) >= 1);
                assertEquals(MemoryType.DMABUF, camera.memoryType());
                List<Long> gapsMs = new ArrayList<>(); // between camera frames: the swap's shows as the longest
                for (int i = 1; i < stamps.size(); i++) {
                    assertTrue("camera timestamps go on across the swap: " + stamps, stamps.get(i) > stamps.get(i - 1));
                    gapsMs.add((stamps.get(i) - stamps.get(i - 1)) / 1_000_000);
                }

                // before: the encoder's OUTPUT carried the camera's exports (and nothing else)
                List<Long> before = carriedAtSwap.getFirst();
                int carriedBefore = 0;
                for (Long inode : before) {
                    assertTrue("before the swap: an export, " + before + " vs " + oldInodes, inode == -1 || oldInodes.contains(inode));
                    carriedBefore += inode == -1 ? 0 : 1;
                }
                assertTrue(before.toString(), carriedBefore >= swapAt - 1);
                // after: the very dma-bufs the camera imports from the heap, none of the old exports
                List<DmaBufSource> newBufs = chain.cameraDmaBufs();
                List<Long> newInodes = inodes(newBufs);
                List<String> newExporters = exporters(newBufs);
                List<Long> after = imported(chain);
                int carriedAfter = 0;
                for (Long inode : after) {
                    assertTrue("after the swap: a heap buffer, " + after + " vs " + newInodes, inode == -1 || newInodes.contains(inode));
                    carriedAfter += inode == -1 ? 0 : 1;
                }
                assertTrue(after.toString(), carriedAfter >= Math.min(BUFFERS, fedFrom.get(MemoryType.DMABUF)));
                for (Long inode : newInodes) {
                    assertTrue("a new dma-buf: " + oldInodes + " vs " + newInodes, !oldInodes.contains(inode));
                }
                for (String name : oldExporters) {
                    assertTrue("the camera's exports: " + oldExporters, name.startsWith("videobuf2"));
                }
                assertEquals("dma-heap buffers", List.of("system", "system", "system", "system"), newExporters);
                List<Integer> counts = new ArrayList<>();
                for (int i = 0; i < BUFFERS; i++) {
                    int fd = chain.importedFd(i);
                    if (fd >= 0) {
                        counts.add(CodecGuestIT.dmabufCount(fd));
                        assertTrue("the camera and the encoder hold heap buffer " + i, counts.getLast() >= 3);
                    }
                }

                // what was encoded across the swap decodes to the camera's frames
                List<byte[]> decoded = new ArrayList<>();
                StatefulDecoder.Result d;
                try (StatefulDecoder decoder = StatefulDecoder.open(M2mNodes.node(M2mNodes.DECODER), CodecGuestIT.FWHT, W, H,
                        this.<MmapHandle>provider(MemoryType.MMAP), 4, provider(MemoryType.MMAP), 4, PixelFormat.YUYV)) {
                    d = decoder.decode(coded, (frame, format) -> decoded.add(bytes(frame)), 20_000);
                }
                assertEquals("every frame decoded", frames, decoded.size());
                double min = Double.POSITIVE_INFINITY;
                for (int i = 0; i < frames; i++) {
                    min = Math.min(min, CodecGuestIT.psnr(raw.get(i), decoded.get(i)));
                }
                assertTrue("PSNR " + min + " dB", min >= CodecGuestIT.MIN_PSNR_DB);

                // and back, asked for between runs: the next run swaps to MMAP exports as it goes (mid-run or at its end)
                CompletableFuture<MemoryType> back = chain.swapCamera(provider(MemoryType.MMAP), null);
                EncodeChain.Result again = chain.run(3, null, e -> { }, 20_000);
                assertEquals(MemoryType.MMAP, back.getNow(null));
                assertEquals(1, again.swaps());
                assertEquals(3, again.encoded());
                assertEquals(MemoryType.MMAP, camera.memoryType());
                List<String> backExporters = exporters(chain.cameraDmaBufs());
                for (String name : backExporters) {
                    assertTrue("exports again: " + backExporters, name.startsWith("videobuf2"));
                }
                System.out.printf(java.util.Locale.ROOT, "swap during a run: %d frames fed (%s, ms between camera frames %s), %d encoded (%d bytes), %d swap,"
                        + " LAST %s; encoder OUTPUT carried %s (exporters %s), then %s (exporters %s, file counts %s);"
                        + " %d decoded, PSNR >= %.1f dB (%s)%n", r.fed(), fedFrom, gapsMs, r.encoded(), r.bytes(), r.swaps(), r.last(),
                        before, oldExporters, after, newExporters, counts, decoded.size(), min, d.eosEvent() ? "EOS" : "no EOS");
            } finally {
                camera.free();
            }
        }
    }

    @Test
    public void theEncodeCommandMovesTheCameraWhenTheMmapBundleStops() throws Exception {
        int count = 30;
        Object shell = context.getService(context.getServiceReference("org.v4j.cli.ShellCommands"));
        Method encode = shell.getClass().getMethod("encode", String[].class);
        Bundle mmap = java.util.Arrays.stream(context.getBundles()).filter(b -> "org.v4j.mmap".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        Path file = Files.createTempFile("encode-swap", ".fwht");
        String camPath = Vivid.node(BufferType.VIDEO_CAPTURE);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (printed) {
                    printed.write(b);
                }
            }
        }, true));
        long stopMillis;
        String lines;
        try {
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
                try {
                    encode.invoke(shell, (Object) new String[] {"-d", camPath, "--to",
                            file.toString(), "--count", Integer.toString(count)});
                } catch (ReflectiveOperationException e) {
                    throw new CompletionException(e.getCause() != null ? e.getCause() : e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.size(file) == 0 && !done.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue("encoding had begun and not ended", Files.size(file) > 0 && !done.isDone());
            long t0 = System.nanoTime();
            mmap.stop();
            stopMillis = (System.nanoTime() - t0) / 1_000_000;
            done.get(120, TimeUnit.SECONDS);
        } finally {
            System.setOut(original);
            mmap.start();
        }
        synchronized (printed) {
            lines = printed.toString();
        }
        assertTrue(lines, lines.contains("camera memory MMAP>DMABUF during the run (the MMAP provider went away): the encoder"
                + " imported the new memory's dma-bufs, no copy\n"));
        assertTrue(lines, Pattern.compile("encoded " + count + " frames from /dev/video\\d+ \\(driver vivid\\) 640x360 YUYV to "
                + Pattern.quote(file.toString()) + " with /dev/video\\d+ \\(driver vicodec\\): \\d+ bytes FWHT, zero-copy"
                + " \\(camera dma-bufs imported by the encoder\\), drained to the LAST buffer in \\d+\\.\\d s\n").matcher(lines).find());
        FwhtFrames.Split split = FwhtFrames.split(Files.readAllBytes(file), file.toString());
        assertEquals(null, split.cut());
        assertEquals("every frame in the file", count, split.frames().size());

        ServiceTracker<Object, Object> back = new ServiceTracker<>(context, context.createFilter("(&(objectClass="
                + org.v4j.api.MemoryProvider.class.getName() + ")(" + org.v4j.api.MemoryProvider.MEMORY_TYPE + "=MMAP))"), null);
        back.open();
        try {
            assertTrue("the MMAP provider is back", back.waitForService(30_000) != null);
            List<byte[]> decoded = new ArrayList<>();
            try (StatefulDecoder decoder = StatefulDecoder.open(M2mNodes.node(M2mNodes.DECODER), CodecGuestIT.FWHT, W, H,
                    this.<MmapHandle>provider(MemoryType.MMAP), 4, provider(MemoryType.MMAP), 4, PixelFormat.YUYV)) {
                decoder.decode(split.frames(), (frame, format) -> decoded.add(bytes(frame)), 20_000);
            }
            assertEquals("every frame decodes", count, decoded.size());
        } finally {
            back.close();
            Files.delete(file);
        }
        System.out.printf(java.util.Locale.ROOT, "v4j:encode while org.v4j.mmap stops: the stop took %d ms; %s", stopMillis, lines);
    }
}
