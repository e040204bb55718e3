package org.v4j.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Splitting an FWHT stream into frames by their headers, and what a cut or foreign stream gives. */
class FwhtFramesTest {
    /** A frame as vicodec writes it: the big-endian header, then {@code payload} bytes. */
    static byte[] frame(int width, int height, int flags, int payload, int fill) {
        ByteBuffer b = ByteBuffer.allocate(FwhtFrames.HEADER + payload);
        b.putInt(0x4f4f4f4f).putInt(0xffffffff).putInt(3).putInt(width).putInt(height).putInt(flags)
                .putInt(1).putInt(2).putInt(3).putInt(4).putInt(payload);
        while (b.hasRemaining()) {
            b.put((byte) fill);
        }
        return b.array();
    }

    @Test
    void framesSplitAtTheirHeadersSizes() {
        byte[] a = frame(640, 360, FwhtFrames.FL_I_FRAME, 100, 1), b = frame(640, 360, 0, 7, 2), c = frame(640, 368, 0, 0, 3);
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(a);
        s.writeBytes(b);
        s.writeBytes(c);
        FwhtFrames.Split split = FwhtFrames.split(s.toByteArray(), "s.fwht");
        assertNull(split.cut());
        assertEquals(3, split.frames().size());
        assertArrayEquals(a, split.frames().get(0));
        assertArrayEquals(b, split.frames().get(1));
        assertArrayEquals(c, split.frames().get(2));
        FwhtFrames.Header h = FwhtFrames.header(s.toByteArray(), 0, "s.fwht");
        assertEquals(640, h.width());
        assertEquals(360, h.height());
        assertEquals(100, h.size());
        assertTrue(h.isIntra());
        assertFalse(FwhtFrames.header(b, 0, "b").isIntra());
    }

    @Test
    void aStreamCutInAFrameKeepsTheWholeFramesAndNamesTheCut() {
        byte[] a = frame(640, 360, FwhtFrames.FL_I_FRAME, 100, 1), b = frame(640, 360, 0, 50, 2);
        byte[] s = new byte[a.length + 60];
        System.arraycopy(a, 0, s, 0, a.length);
        System.arraycopy(b, 0, s, a.length, 60);
        FwhtFrames.Split split = FwhtFrames.split(s, "half.fwht");
        assertEquals(1, split.frames().size());
        assertEquals("half.fwht: cut short in frame 1: it needs 94 bytes, 60 are left", split.cut());

        byte[] inHeader = java.util.Arrays.copyOf(a, a.length + 20);
        System.arraycopy(b, 0, inHeader, a.length, 20);
        assertEquals("half.fwht: cut short: 20 bytes at offset 144, less than a 44-byte FWHT frame header",
                FwhtFrames.split(inHeader, "half.fwht").cut());
    }

    @Test
    void aStreamThatIsNotFwhtIsRefused() {
        byte[] png = new byte[64];
        png[0] = (byte) 0x89;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FwhtFrames.split(png, "f.png"));
        assertEquals("f.png: not an FWHT frame at offset 0 (no 4f4f4f4f ffffffff magic)", e.getMessage());
    }
}
