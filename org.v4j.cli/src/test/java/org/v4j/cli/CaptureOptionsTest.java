package org.v4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.MemoryType;

class CaptureOptionsTest {
    @Test
    void defaults() {
        CaptureOptions o = CaptureOptions.parse();
        assertNull(o.device());
        assertEquals(50, o.count());
        assertEquals(MemoryType.MMAP, o.memory());
        assertNull(o.png());
    }

    @Test
    void everyOption() {
        CaptureOptions o = CaptureOptions.parse("--count", "7", "--memory", "MMAP", "--png", "x.png", "-d", "/dev/video3",
                "--size", "320x180", "--pixelformat", "NM12", "--vm");
        assertEquals(7, o.count());
        assertEquals("/dev/video3", o.device());
        assertEquals(Path.of("x.png"), o.png());
        assertEquals(320, o.width());
        assertEquals(180, o.height());
        assertEquals(PixelFormat.NV12M, o.pixelFormat());
    }

    @Test
    void dmabufSource() {
        CaptureOptions o = CaptureOptions.parse("--memory", "dmabuf", "--dmabuf-from", "udmabuf");
        assertEquals(MemoryType.DMABUF, o.memory());
        assertEquals("udmabuf", o.source());
        assertEquals("--dmabuf-from goes with --memory dmabuf",
                assertThrows(UsageException.class, () -> CaptureOptions.parse("--dmabuf-from", "heap")).getMessage());
    }

    @Test
    void badValuesAreUsageErrors() {
        assertEquals("--count takes a positive number, not '0'",
                assertThrows(UsageException.class, () -> CaptureOptions.parse("--count", "0")).getMessage());
        assertEquals("unknown memory type 'foo' (mmap, userptr, dmabuf)",
                assertThrows(UsageException.class, () -> CaptureOptions.parse("--memory", "foo")).getMessage());
        assertEquals("--png needs a value", assertThrows(UsageException.class, () -> CaptureOptions.parse("--png")).getMessage());
        assertEquals("unknown option '--bogus'",
                assertThrows(UsageException.class, () -> CaptureOptions.parse("--bogus")).getMessage());
    }

    @Test
    void unknownCommandExitsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Commands.run(new String[] {"frobnicate"}, null, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err));
        assertEquals(Commands.USAGE, code);
        assertEquals("v4j: unknown command 'frobnicate'", err.toString().lines().findFirst().orElseThrow());
    }
}
