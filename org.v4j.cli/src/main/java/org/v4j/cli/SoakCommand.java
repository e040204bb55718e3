package org.v4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamStats;

/**
 * {@code v4j soak [-d DEVICE] [--cycles N] [--dmabuf-from SOURCE]}: N cycles of start, a few frames,
 * a swap to the next memory type, a few frames, stop, over MMAP, USERPTR and DMABUF (from SOURCE:
 * a kernel without dma-heaps, as Debian's arm64 one, needs udmabuf) in turn, with a listener that
 * reads every byte. It compares what the process holds before and after (fds, device and dma-buf
 * mappings, threads, resident memory, heap after GC) and fails if a fd, mapping or thread was left
 * behind or a frame was lost. One summary line, then one line of figures:
 * {@code soak /dev/video0: 1000 cycles, 6000 frames, 1000 swaps, lost 0: ok}.
 */
final class SoakCommand {
    private static final List<MemoryType> TYPES = List.of(MemoryType.MMAP, MemoryType.USERPTR, MemoryType.DMABUF);
    private static final int FRAMES = 3;
    /** What the reading listener summed, so that the JIT cannot drop the reads. */
    private static volatile long sink;

    private SoakCommand() {}

    /**
     * What the process holds: fds, mappings of V4L2 nodes and dma-bufs, threads, resident and heap
     * bytes, and where resident memory goes: the heap's committed size, JIT code (code cache),
     * class metadata (metaspace), and the kernel's split of resident pages (anonymous, file).
     */
    record Held(long fds, long mappings, long threads, long residentKiB, long heapKiB, long heapCommittedKiB,
            long codeKiB, long metaspaceKiB, long anonKiB, long fileKiB, NativeMemory nmt) {
        static Held now() throws IOException {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long mappings;
            try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
                mappings = maps.filter(l -> l.contains("/dev/video") || l.contains("dmabuf")).count(); // and udmabuf
            }
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            long code = 0, metaspace = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.NON_HEAP) {
                    long committed = pool.getUsage().getCommitted() / 1024;
                    if (pool.getName().startsWith("CodeHeap") || pool.getName().equals("Code Cache")) {
                        code += committed;
                    } else {
                        metaspace += committed; // Metaspace, Compressed Class Space
                    }
                }
            }
            long heapCommitted = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")); Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                return new Held(fds.count(), mappings, tasks.count(), kib(status, "VmRSS:"),
                        (rt.totalMemory() - rt.freeMemory()) / 1024, heapCommitted, code, metaspace,
                        kib(status, "RssAnon:"), kib(status, "RssFile:"), NativeMemory.now());
            }
        }

        private static long kib(List<String> status, String field) {
            return status.stream().filter(l -> l.startsWith(field)).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        }
    }

    private static String mib(long beforeKiB, long afterKiB) {
        return String.format(Locale.ROOT, "%.1f -> %.1f", beforeKiB / 1024.0, afterKiB / 1024.0);
    }

    static int run(String[] args, CaptureService capture, PrintStream out) throws IOException, InterruptedException {
        String device = null;
        String source = null; // DMABUF's source: null is the provider's default (heap)
        int cycles = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-d", "--device" -> device = value(args, ++i, "-d needs a device");
                case "--cycles" -> cycles = (int) CaptureOptions.positive("--cycles", value(args, ++i, "--cycles needs a number"));
                case "--dmabuf-from" -> source = value(args, ++i, "--dmabuf-from needs DEVICE, heap or udmabuf");
                case "--vm" -> { }
                default -> throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        String path = device != null ? device : DeviceScan.firstCaptureDevice();
        FrameListener reader = frame -> { // reads every byte, as a real consumer does
            long sum = 0;
            for (int p = 0; p < frame.planeCount(); p++) {
                sum += BenchCommand.sum(frame.plane(p)); // every byte, as the bench reads it
            }
            sink = sum; // keeps the reads from being optimised away
        };
        cycle(capture, path, source, reader, 0); // warm-up: classes loaded, providers' first allocations made
        Held before = Held.now();
        long frames = 0, swaps = 0, lost = 0;
        Map<MemoryType, Integer> started = new EnumMap<>(MemoryType.class);
        long start = System.nanoTime();
        for (int c = 1; c <= cycles; c++) {
            StreamStats stats = cycle(capture, path, source, reader, c);
            frames += stats.frames();
            swaps += stats.swaps();
            lost += stats.lost();
            started.merge(TYPES.get(c % TYPES.size()), 1, Integer::sum);
            if (c % 100 == 0) {
                Held now = Held.now();
                System.err.printf(Locale.ROOT, "v4j: soak %d of %d cycles: resident %.1f MiB, JIT code %.1f MiB%n", c, cycles,
                        now.residentKiB() / 1024.0, now.codeKiB() / 1024.0);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Held after = Held.now();
        boolean ok = lost == 0 && swaps == cycles && before.fds() == after.fds() && before.mappings() == after.mappings()
                && before.threads() == after.threads();
        out.printf(Locale.ROOT, "soak %s: %d cycles, %d frames, %d swaps, lost %d: %s%n", path, cycles, frames, swaps, lost,
                ok ? "ok" : "LEAK");
        out.printf(Locale.ROOT, "  started %s; fds %d -> %d, mappings %d -> %d, threads %d -> %d, resident %.1f -> %.1f MiB,"
                + " heap after GC %.1f -> %.1f MiB, %.1f s%n", started, before.fds(), after.fds(), before.mappings(),
                after.mappings(), before.threads(), after.threads(), before.residentKiB() / 1024.0,
                after.residentKiB() / 1024.0, before.heapKiB() / 1024.0, after.heapKiB() / 1024.0, seconds);
        out.printf(Locale.ROOT, "  resident: anonymous %s, file %s MiB; of it heap committed %s, JIT code %s, metaspace %s MiB%n",
                mib(before.anonKiB(), after.anonKiB()), mib(before.fileKiB(), after.fileKiB()),
                mib(before.heapCommittedKiB(), after.heapCommittedKiB()), mib(before.codeKiB(), after.codeKiB()),
                mib(before.metaspaceKiB(), after.metaspaceKiB()));
        if (before.nmt() != null && after.nmt() != null) {
            out.printf(Locale.ROOT, "  native memory (NMT): the JVM's malloc %s MiB, of it FFM and Unsafe (Other) %s MiB;"
                    + " mmap committed %s MiB%n", mib(before.nmt().mallocKiB(), after.nmt().mallocKiB()),
                    mib(before.nmt().otherKiB(), after.nmt().otherKiB()),
                    mib(before.nmt().mmapCommittedKiB(), after.nmt().mmapCommittedKiB()));
        }
        return ok ? Commands.OK : Commands.FAILED;
    }

    /** One cycle: start in one memory type, {@link #FRAMES} frames, swap to the next, as many again, stop. */
    private static StreamStats cycle(CaptureService capture, String path, String source, FrameListener reader, int c)
            throws InterruptedException {
        MemoryType first = TYPES.get(c % TYPES.size());
        MemoryType next = TYPES.get((c + 1) % TYPES.size());
        try (CaptureStream stream = capture.start(CaptureRequest.of(path, MemoryPreference.only(first)).withSource(source), reader)) {
            Duration wait = Duration.ofSeconds(10);
            if (!stream.awaitFrames(FRAMES, wait)) {
                throw new IllegalStateException("cycle " + c + ": no " + FRAMES + " frames in " + first + " within 10 s: "
                        + stream.stats() + stream.failure().map(f -> " (" + f.getMessage() + ")").orElse(""));
            }
            stream.setMemory(MemoryPreference.only(next));
            long deadline = System.nanoTime() + wait.toNanos();
            while (stream.stats().memory().getLast() != next || stream.stats().swaps() == 0) {
                if (System.nanoTime() > deadline || stream.stats().state().isEnded()) {
                    throw new IllegalStateException("cycle " + c + ": no swap to " + next + " within 10 s: "
                            + stream.stats() + stream.failure().map(f -> " (" + f.getMessage() + ")").orElse(""));
                }
                Thread.sleep(2);
            }
            if (!stream.awaitFrames(stream.stats().frames() + FRAMES, wait)) {
                throw new IllegalStateException("cycle " + c + ": no frames after the swap to " + next + " within 10 s: "
                        + stream.stats() + stream.failure().map(f -> " (" + f.getMessage() + ")").orElse(""));
            }
            stream.close();
            return stream.stats();
        }
    }

    private static String value(String[] args, int i, String missing) {
        if (i >= args.length) {
            throw new UsageException(missing);
        }
        return args[i];
    }
}
