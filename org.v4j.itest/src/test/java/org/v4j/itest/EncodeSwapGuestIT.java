package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.v4j.api.BufferType;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.device.BufferQueue;
import org.v4j.device.Buffers;
import org.v4j.device.Device;
import org.v4j.device.EncodeChain;

/**
 * The camera swaps its memory while the chain to vicodec's encoder stays open: the chain lets go
 * of the camera's buffers (encoder OUTPUT off and freed, CAPTURE kept), the camera frees and
 * reallocates, and the chain takes the new buffers. MMAP again is exported anew and imported with
 * no copy (the encoder's OUTPUT carries the new dma-bufs' inodes); USERPTR cannot be exported and
 * is refused by name (no copying fallback). Nothing is left open or mapped afterwards.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EncodeSwapGuestIT extends LeakCheckedGuestTest {
    private static final int W = 640, H = 360, FRAMES = 4, BUFFERS = 4;

    private static List<Long> inodes(List<DmaBufFd> fds) throws Exception {
        List<Long> inodes = new ArrayList<>();
        for (DmaBufFd fd : fds) {
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
}
