package org.v4j.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.v4j.api.PlaneFormat;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneRequest;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Syscalls;

/**
 * The supply window on the host, with a real mmap of a file standing in for a device's buffer:
 * only the request being supplied maps, only on the supplying thread, read-only for capture.
 */
class DeviceAllocationTest {
    private static final long LENGTH = Syscalls.PAGE_SIZE;

    @TempDir
    Path dir;
    private DeviceFd fd;
    private String path;

    @BeforeEach
    void buffer() throws IOException {
        Path file = dir.resolve("buffer");
        byte[] bytes = new byte[(int) LENGTH];
        bytes[0] = 42;
        Files.write(file, bytes);
        path = file.toString();
        fd = DeviceFd.open(path);
    }

    @AfterEach
    void close() {
        fd.close();
    }

    private DeviceAllocation allocation(MemoryType type, boolean capture) {
        return new DeviceAllocation(7, fd, path, type, capture, 1, List.of(new PlaneFormat(64, (int) LENGTH)), 32, null);
    }

    private void assertRefused(DeviceAllocation allocation, PlaneRequest request) {
        try (Arena arena = Arena.ofConfined()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> allocation.map(request, arena));
            assertTrue(e.getMessage().startsWith(path + ": not mapped: "), e.getMessage());
            assertTrue(e.getMessage().contains("is not the plane being supplied on this thread"), e.getMessage());
        }
    }

    @Test
    void captureMemoryMapsReadOnlyOnlyWhileSupplied() {
        DeviceAllocation allocation = allocation(MemoryType.MMAP, true);
        PlaneRequest request = new PlaneRequest(allocation, 0, 0, LENGTH, 0);
        assertRefused(allocation, request); // before the window
        allocation.supplying(request);
        Arena arena = Arena.ofConfined();
        MemorySegment mapping;
        try {
            mapping = allocation.map(request, arena);
        } finally {
            allocation.supplying(null);
        }
        assertTrue(mapping.isReadOnly());
        assertEquals(LENGTH, mapping.byteSize());
        assertEquals(42, mapping.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalArgumentException.class, () -> mapping.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        arena.close();
        assertFalse(mapping.scope().isAlive()); // closing the provider's arena unmaps
        assertRefused(allocation, request); // kept for later
    }

    @Test
    void aRequestMadeUpOrOnAnotherThreadMapsNothing() throws Exception {
        DeviceAllocation allocation = allocation(MemoryType.MMAP, true);
        PlaneRequest request = new PlaneRequest(allocation, 0, 0, LENGTH, 0);
        allocation.supplying(request);
        try {
            assertRefused(allocation, new PlaneRequest(allocation, 0, 0, LENGTH, 0)); // equal, not the same
            assertRefused(allocation, null);
            CompletableFuture.runAsync(() -> assertRefused(allocation, request)).get();
        } finally {
            allocation.supplying(null);
        }
    }

    @Test
    void outputMemoryMapsWritable() {
        DeviceAllocation allocation = allocation(MemoryType.MMAP, false);
        PlaneRequest request = new PlaneRequest(allocation, 0, 0, LENGTH, 0);
        allocation.supplying(request);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mapping = allocation.map(request, arena);
            assertFalse(mapping.isReadOnly());
            mapping.set(ValueLayout.JAVA_BYTE, 1, (byte) 9);
            assertEquals(9, mapping.get(ValueLayout.JAVA_BYTE, 1));
        } finally {
            allocation.supplying(null);
        }
    }

    @Test
    void importedMemoryHasNothingToMap() {
        DeviceAllocation allocation = allocation(MemoryType.USERPTR, true);
        PlaneRequest request = new PlaneRequest(allocation, 0, 0, LENGTH, 0);
        allocation.supplying(request);
        try (Arena arena = Arena.ofConfined()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> allocation.map(request, arena));
            assertEquals(path + ": USERPTR buffers have no driver memory to map", e.getMessage());
        } finally {
            allocation.supplying(null);
        }
    }

    @Test
    void aClosedArenaLeavesNothingMapped() {
        DeviceAllocation allocation = allocation(MemoryType.MMAP, true);
        PlaneRequest request = new PlaneRequest(allocation, 0, 0, LENGTH, 0);
        allocation.supplying(request);
        try {
            Arena arena = Arena.ofConfined();
            arena.close();
            assertThrows(IllegalStateException.class, () -> allocation.map(request, arena));
        } finally {
            allocation.supplying(null);
        }
    }
}
