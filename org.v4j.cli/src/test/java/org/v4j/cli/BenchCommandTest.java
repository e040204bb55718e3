package org.v4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    /** The same sum as bench/floor.c: 64-bit words, then the last bytes one by one. */
    @Test
    void sumReadsEveryByteAsFloorDoes() {
        byte[] bytes = new byte[19];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37 + 1);
        }
        MemorySegment segment = MemorySegment.ofArray(bytes);
        long expected = segment.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 0)
                + segment.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 8)
                + (bytes[16] & 0xff) + (bytes[17] & 0xff) + (bytes[18] & 0xff);
        assertEquals(expected, BenchCommand.sum(segment));
        assertEquals(0, BenchCommand.sum(MemorySegment.ofArray(new byte[0])));
    }

    @Test
    void badOptionsAreUsageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Commands.run(new String[] {"bench", "-d", "/dev/video0", "--variants", "raw-mmap,nonesuch"}, null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(Commands.USAGE, rc);
        assertTrue(err.toString().contains("unknown variant 'nonesuch'"), err.toString());
        assertThrows(UsageException.class, () -> BenchCommand.run(new String[] {"-d", "/dev/video0", "--frames", "0"}, null, null));
    }
}
