package org.v4j.cli;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The measured window of one {@code v4j bench} variant, opened and closed on the thread that
 * handles the frames (the streaming thread), as {@code bench/probe.c} does for the C programs:
 * wall time, CPU of the whole process (clock_gettime CLOCK_PROCESS_CPUTIME_ID: every thread, also
 * those that ended; {@code OperatingSystemMXBean.getProcessCpuTime} counts whole clock ticks of
 * 10 ms) and of the calling thread, heap bytes allocated by every thread
 * ({@code getTotalThreadAllocatedBytes}, which counts threads that ended too), VmRSS when it
 * closes, and the CPU of each thread of the process (/proc/self/task/TID/schedstat, by name).
 *
 * <p>Everything the measurement itself allocates happens outside the allocation figure: the
 * allocated-bytes counter is read last when opening and first when closing. With markers on, the
 * window's edges are also path look-ups of {@code /v4j-bench-window-start/NAME} and
 * {@code /v4j-bench-window-end/NAME}, which cut an strace of the run to the window.
 *
 * <p>{@code com.sun.management} is not exported to bundles by the framework: its method is looked
 * up through the platform class loader.
 */
final class BenchWindow {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MethodHandle ALLOCATED = handle("com.sun.management.ThreadMXBean", "getTotalThreadAllocatedBytes",
            ThreadMXBean.class);
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    private static final MethodHandle CLOCK_GETTIME = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("clock_gettime").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MemorySegment TIMESPEC = Arena.global().allocate(16, 8);

    private final String name;
    private final boolean markers;
    private long wall0, cpu0, thread0, allocated0;
    private long wall, cpu, thread, allocated, rssKb;
    private Thread owner;
    private Map<String, Long> tasks0;
    private final Map<String, Long> taskNanos = new TreeMap<>();

    BenchWindow(String name, boolean markers) {
        this.name = name;
        this.markers = markers;
    }

    private static MethodHandle handle(String type, String method, Class<?> receiver) {
        try {
            Class<?> c = ClassLoader.getPlatformClassLoader().loadClass(type);
            return MethodHandles.publicLookup().findVirtual(c, method, MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, receiver));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM has no " + type + "." + method + ": " + e, e);
        }
    }

    /**
     * Calls the clocks, the allocation counter and the /proc reading until the JIT and the class
     * loader are done with them, so that the per-thread figures, read just outside the window,
     * take little time of their own.
     */
    static void warmUp() {
        long x = 0;
        for (int i = 0; i < 20_000; i++) {
            x += allocated() + processCpu() + THREADS.getCurrentThreadCpuTime();
        }
        for (int i = 0; i < 50; i++) {
            x += tasks().size() + rssKb();
        }
        if (x == 42) {
            System.err.print("");
        }
    }

    private static long allocated() {
        try {
            return (long) ALLOCATED.invokeExact(THREADS);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only the thread that opens and closes windows calls it (one window at a time): TIMESPEC is shared. */
    private static long processCpu() {
        try {
            if ((int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, TIMESPEC) != 0) {
                throw new IllegalStateException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
            }
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        return TIMESPEC.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + TIMESPEC.get(ValueLayout.JAVA_LONG, 8);
    }

    void open() {
        owner = Thread.currentThread();
        tasks0 = tasks();
        wall0 = System.nanoTime();
        cpu0 = processCpu();
        thread0 = THREADS.getCurrentThreadCpuTime();
        allocated0 = allocated();
        marker("start");
    }

    void close() {
        marker("end");
        allocated = allocated() - allocated0;
        thread = Thread.currentThread() == owner ? THREADS.getCurrentThreadCpuTime() - thread0 : -1;
        cpu = processCpu() - cpu0;
        wall = System.nanoTime() - wall0;
        rssKb = rssKb();
        Map<String, Long> tasks1 = tasks();
        tasks1.forEach((task, nanos) -> taskNanos.merge(task.substring(task.indexOf(' ') + 1),
                nanos - tasks0.getOrDefault(task, 0L), Long::sum));
    }

    private void marker(String edge) {
        if (markers) {
            Files.exists(Path.of("/v4j-bench-window-" + edge, name));
        }
    }

    /** {@code TID name} to nanoseconds on a CPU, for every thread of the process. */
    private static Map<String, Long> tasks() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+$", "#");
                    long run = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                    nanos.put(task.getFileName() + " " + comm, run);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: no breakdown
        }
        return nanos;
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // below
        }
        return -1;
    }

    /** The key=value fields of bench/probe.c's line, plus the heap bytes allocated. */
    String fields(long frames, long dropped) {
        return String.format(Locale.ROOT, "frames=%d seconds=%.6f cpu_ns=%d thread_ns=%d dropped=%d rss_kb=%d alloc_bytes=%d",
                frames, wall / 1e9, cpu, thread, dropped, rssKb, allocated);
    }

    /** Where the process's CPU went, per thread name (digits at the end folded), µs per frame, largest first. */
    String threads(long frames) {
        StringBuilder b = new StringBuilder();
        long named = 0;
        for (Map.Entry<String, Long> e : taskNanos.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList()) {
            named += e.getValue();
            if (e.getValue() > 0) {
                b.append('\t').append(e.getKey()).append('=').append(String.format(Locale.ROOT, "%.1f", e.getValue() / 1e3 / frames));
            }
        }
        b.append(String.format(Locale.ROOT, "\t(threads that ended)=%.1f", Math.max(0, cpu - named) / 1e3 / frames));
        return b.toString();
    }
}
