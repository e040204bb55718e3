package org.v4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.MemoryPreference;

class CaptureOptionsTest {
    @Test
    void defaults() {
        CaptureOptions o = CaptureOptions.parse();
        assertNull(o.device());
        assertEquals(50, o.count());
        assertEquals(MemoryPreference.AUTO, o.memory());
        assertEquals("auto", o.memory().toString());
        assertNull(o.png());
        assertFalse(o.background());
    }

    @Test
    void memoryPreferenceListAndBackground() {
        CaptureOptions o = CaptureOptions.parse("--memory", "dmabuf, USERPTR,mmap", "--background");
        assertEquals(List.of(MemoryType.DMABUF, MemoryType.USERPTR, MemoryType.MMAP), o.memory().order());
        assertEquals("dmabuf,userptr,mmap", o.memory().toString());
        assertTrue(o.background());
        assertEquals(0, o.count(), "a background capture runs until closed unless --count is given");
        assertEquals(5, CaptureOptions.parse("--background", "--count", "5").count());
        assertEquals("memory types repeated in [MMAP, MMAP]",
                assertThrows(UsageException.class, () -> CaptureOptions.parse("--memory", "mmap,mmap")).getMessage());
        assertEquals("--png cannot go with --background",
                assertThrows(UsageException.class, () -> CaptureOptions.parse("--background", "--png", "x.png")).getMessage());
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
        assertEquals(MemoryPreference.only(MemoryType.DMABUF), o.memory());
        assertEquals("udmabuf", o.source());
        assertEquals("heap", CaptureOptions.parse("--dmabuf-from", "heap").source(), "auto allows dmabuf");
        assertEquals("--dmabuf-from goes with a --memory that allows dmabuf", assertThrows(UsageException.class,
                () -> CaptureOptions.parse("--memory", "mmap", "--dmabuf-from", "heap")).getMessage());
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
