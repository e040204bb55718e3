package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one ioctl costs through this layer's downcalls, against {@code bench/downcall.c} making
 * the same call in C: {@code ioctl(pipe, FIONREAD, &n)}, a real syscall with an argument struct,
 * which any machine can run (the V4L2 ioctls need a device). Run by {@code ./v4j bench --downcalls}.
 * <ul>
 * <li>{@code errnoCaptured}: {@link Ioctl#errno}, the path of every call whose errno is read;
 * <li>{@code hotPath}: {@link Ioctl#repeatable}, QBUF's and DQBUF's path: no errno capture;
 * <li>{@code critical}: the same handle linked {@link Linker.Option#critical critical}, no
 *     thread-state transition (only for calls that never block).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DowncallBenchmark {
    private static final long FIONREAD = 0x541B;
    private static final Ioctl PIPE_FIONREAD = new Ioctl("FIONREAD", FIONREAD);
    private static final MethodHandle PIPE = Syscalls.downcallWithoutErrno("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CRITICAL = Syscalls.downcallWithoutErrno("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2),
            Linker.Option.critical(false));

    private Arena arena;
    private MemorySegment count;
    private int fd;
    private int writeEnd;

    @Setup(Level.Trial)
    public void pipe() throws Throwable {
        arena = Arena.ofConfined();
        MemorySegment fds = arena.allocate(JAVA_INT, 2);
        if ((int) PIPE.invokeExact(fds, Syscalls.O_CLOEXEC) != 0) {
            throw new IllegalStateException("pipe2 failed");
        }
        fd = fds.getAtIndex(JAVA_INT, 0);
        writeEnd = fds.getAtIndex(JAVA_INT, 1);
        count = arena.allocate(JAVA_INT);
    }

    @TearDown(Level.Trial)
    public void close() {
        Syscalls.close(fd, "pipe");
        Syscalls.close(writeEnd, "pipe");
        arena.close();
    }

    @Benchmark
    public int errnoCaptured() {
        return PIPE_FIONREAD.errno(fd, count);
    }

    @Benchmark
    public int hotPath() {
        return PIPE_FIONREAD.repeatable(fd, count);
    }

    @Benchmark
    public int critical() throws Throwable {
        return (int) CRITICAL.invokeExact(fd, FIONREAD, count);
    }
}
