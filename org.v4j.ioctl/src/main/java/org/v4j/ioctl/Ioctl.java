package org.v4j.ioctl;

import java.lang.foreign.MemoryLayout;

/**
 * An ioctl request: its name from the uapi header and its number, encoded as the kernel's
 * {@code _IOC(dir, type, nr, size)} with the size taken from the argument's layout, so that a
 * wrong layout shows up as a wrong request number (checked against the C header by a test).
 */
public record Ioctl(String name, long request) {
    static final int NONE = 0, WRITE = 1, READ = 2;

    static Ioctl of(String name, int direction, char type, int nr, long size) {
        long request = ((long) direction << 30) | (size << 16) | ((long) type << 8) | nr;
        return new Ioctl(name, request & 0xffffffffL);
    }

    /** {@code _IOR}: the kernel writes the argument. */
    static Ioctl ior(String name, char type, int nr, MemoryLayout arg) {
        return of(name, READ, type, nr, arg.byteSize());
    }

    /** {@code _IOW}: the kernel reads the argument. */
    static Ioctl iow(String name, char type, int nr, MemoryLayout arg) {
        return of(name, WRITE, type, nr, arg.byteSize());
    }

    /** {@code _IOWR}: both ways. */
    static Ioctl iowr(String name, char type, int nr, MemoryLayout arg) {
        return of(name, READ | WRITE, type, nr, arg.byteSize());
    }

    @Override
    public String toString() {
        return name + String.format("(0x%08x)", request);
    }
}
