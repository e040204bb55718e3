package org.v4j.ioctl;

import org.v4j.api.V4l2Exception;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The syscall layer's error reporting, on files every Linux host has. */
class SyscallsTest {
    @Test
    void openOfAMissingPathNamesPathCallAndErrno() {
        V4l2Exception e = assertThrows(V4l2Exception.class, () -> DeviceFd.open("/dev/v4j-no-such-node"));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("open", e.call());
        assertEquals("no such file or directory: /dev/v4j-no-such-node (open: ENOENT)", e.getMessage());
    }

    @Test
    void sizeIsWhatSeekEndSays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("plane");
        java.nio.file.Files.write(file, new byte[1234]);
        try (DeviceFd fd = DeviceFd.open(file.toString())) {
            assertEquals(1234, Syscalls.size(fd.fd(), fd.path()));
        }
        V4l2Exception closed = assertThrows(V4l2Exception.class, () -> Syscalls.size(987654, "fd 987654"));
        assertEquals("bad file descriptor: fd 987654 (lseek: EBADF)", closed.getMessage());
    }

    @Test
    void querycapOnDevNullIsEnotty() {
        try (DeviceFd fd = DeviceFd.open("/dev/null"); Arena arena = Arena.ofConfined()) {
            MemorySegment cap = arena.allocate(V4l2Capability.LAYOUT);
            V4l2Exception e = assertThrows(V4l2Exception.class, () -> Vidioc.querycap(fd, cap));
            assertEquals(Errno.ENOTTY, e.errno());
            assertEquals("VIDIOC_QUERYCAP", e.call());
            assertEquals("/dev/null", e.device());
            assertEquals("inappropriate ioctl for device: /dev/null (VIDIOC_QUERYCAP: ENOTTY)", e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndReleasesTheFd() throws Exception {
        long before = openFds();
        DeviceFd fd = DeviceFd.open("/dev/null");
        assertEquals(before + 1, openFds());
        fd.close();
        fd.close();
        assertFalse(fd.isOpen());
        assertEquals(before, openFds());
        try (Arena arena = Arena.ofConfined()) {
            V4l2Exception e = assertThrows(V4l2Exception.class,
                    () -> Vidioc.querycap(fd, arena.allocate(V4l2Capability.LAYOUT)));
            assertEquals(Errno.EBADF, e.errno());
        }
    }

    @Test
    void repeatableIoctlsReportTheErrnoOfAFailure() {
        try (DeviceFd fd = DeviceFd.open("/dev/null"); Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(V4l2Buffer.LAYOUT);
            assertEquals(Errno.ENOTTY, Vidioc.dqbuf(fd, buffer));
            assertEquals(Errno.ENOTTY, Vidioc.qbuf(fd, buffer));
        }
    }

    @Test
    void readIsZeroWhenNothingIsReadyAndThrowsOnFailure() {
        try (EventFd empty = EventFd.open("eventfd of a test"); Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(8);
            assertEquals(0, Syscalls.read(empty.fd(), empty.toString(), counter), "EAGAIN");
            assertFalse(empty.drain());
            empty.signal();
            assertEquals(8, Syscalls.read(empty.fd(), empty.toString(), counter));
            assertEquals(1, counter.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
            V4l2Exception e = assertThrows(V4l2Exception.class, () -> Syscalls.read(-1, "no fd", counter));
            assertEquals(Errno.EBADF, e.errno());
            assertEquals("bad file descriptor: no fd (read: EBADF)", e.getMessage());
        }
    }

    @Test
    void unknownErrnoIsStillNamed() {
        assertEquals("errno 4000", Errno.name(4000));
        assertEquals("EAGAIN", Errno.name(Errno.EAGAIN));
    }

    @Test
    void ioctlNumberEncodingFollowsIoc() {
        // _IOWR('V', 8, 20-byte struct): dir 3 << 30 | 20 << 16 | 'V' << 8 | 8
        assertEquals(0xc0145608L, Vidioc.REQBUFS.request());
        assertEquals("VIDIOC_REQBUFS(0xc0145608)", Vidioc.REQBUFS.toString());
    }

    @Test
    void pageSizeIsTheKernels() throws Exception {
        // /proc/self/smaps reports "KernelPageSize:        4 kB" for every mapping
        String line = Files.readAllLines(Path.of("/proc/self/smaps")).stream()
                .filter(l -> l.startsWith("KernelPageSize:")).findFirst().orElseThrow();
        assertEquals(Long.parseLong(line.replaceAll("\\D", "")) * 1024, Syscalls.PAGE_SIZE);
        assertEquals(0, Syscalls.pageAlign(0));
        assertEquals(Syscalls.PAGE_SIZE, Syscalls.pageAlign(1));
        assertEquals(2 * Syscalls.PAGE_SIZE, Syscalls.pageAlign(Syscalls.PAGE_SIZE + 1));
    }

    @Test
    void memfdCanBeSizedAndSealed() {
        try (DeviceFd memfd = DeviceFd.adopt(Memfd.create("v4j-test", Memfd.MFD_ALLOW_SEALING | Memfd.MFD_CLOEXEC),
                "memfd v4j-test")) {
            Memfd.ftruncate(memfd.fd(), memfd.path(), Syscalls.PAGE_SIZE);
            Memfd.fcntl(memfd.fd(), memfd.path(), Memfd.F_ADD_SEALS, Memfd.F_SEAL_SHRINK);
            V4l2Exception e = assertThrows(V4l2Exception.class, () -> Memfd.ftruncate(memfd.fd(), memfd.path(), 0));
            assertEquals(Errno.EPERM, e.errno());
        }
    }

    /** How many fds this process has open (the listing itself holds one while counting). */
    static long openFds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
