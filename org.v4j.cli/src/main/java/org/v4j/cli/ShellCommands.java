package org.v4j.cli;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.StreamStats;

/**
 * The {@code v4j:} commands of the gateway's Gogo shell: {@code capture} (in the foreground like
 * {@code ./v4j capture}, or {@code --background}), {@code await}, {@code streams}, {@code close},
 * {@code list}, {@code info}, {@code set}, {@code encode} (as {@code ./v4j} has them),
 * and {@code start}/{@code stop} that also take bundles by symbolic name ({@code ./v4j shell}
 * puts the v4j scope first, so a plain {@code stop org.v4j.mmap} works). A failure throws, so a
 * script run by {@code ./v4j shell --script} stops there with exit code 1.
 */
@Component(service = ShellCommands.class, property = {"osgi.command.scope=v4j", "osgi.command.function=capture",
        "osgi.command.function=await", "osgi.command.function=streams", "osgi.command.function=close",
        "osgi.command.function=start", "osgi.command.function=stop", "osgi.command.function=list",
        "osgi.command.function=info", "osgi.command.function=set", "osgi.command.function=exit",
        "osgi.command.function=encode"})
public final class ShellCommands {
    private final CaptureService capture;
    private final BundleContext context;

    @Activate
    public ShellCommands(@Reference CaptureService capture, BundleContext context) {
        this.capture = capture;
        this.context = context;
    }

    /** {@code v4j:list}: as {@code ./v4j list}. */
    /**
     * {@code exit [CODE]}: ends the gateway, as the stock gosh profile's {@code system:exit} does;
     * {@code ./v4j shell} runs Gogo without that profile (it would put its own scope first).
     */
    @Descriptor("ends the gateway with exit code CODE (default 0)")
    public void exit(@Descriptor("the exit code") int code) {
        System.out.flush();
        System.exit(code);
    }

    @Descriptor("ends the gateway with exit code 0")
    public void exit() {
        exit(0);
    }

    @Descriptor("the V4L2 devices and their nodes, as ./v4j list")
    public void list() {
        ListCommand.run(System.out, System.err);
    }

    /** {@code v4j:info [-d DEVICE]}: as {@code ./v4j info}. */
    @Descriptor("what a device offers: capabilities, inputs, formats, sizes, intervals, selections, controls")
    public void info(@Descriptor("[-d DEVICE] (default: the first capture device)") String... args) {
        InfoCommand.run(Commands.device(args), System.out);
    }

    /** {@code v4j:set [-d DEVICE] NAME=VALUE...}: as {@code ./v4j set}. */
    @Descriptor("sets controls by name and prints each as the driver kept it")
    public void set(@Descriptor("[-d DEVICE] NAME=VALUE... (names as v4j:info prints them)") String... args) {
        SetCommand.run(args, System.out);
    }

    /** {@code start [-t] BUNDLE...}: by id, symbolic name, or a location to install from first. */
    @Descriptor("starts bundles by id, symbolic name or location")
    public void start(@Descriptor("[-t|--transient] BUNDLE...") String... args) throws BundleException {
        boolean transientStart = isTransient(args);
        for (Bundle bundle : bundles(args, true)) {
            bundle.start(transientStart ? Bundle.START_TRANSIENT : 0);
        }
    }

    /** {@code stop [-t] BUNDLE...}: by id or symbolic name. */
    @Descriptor("stops bundles by id or symbolic name")
    public void stop(@Descriptor("[-t|--transient] BUNDLE...") String... args) throws BundleException {
        boolean transientStop = isTransient(args);
        for (Bundle bundle : bundles(args, false)) {
            bundle.stop(transientStop ? Bundle.STOP_TRANSIENT : 0);
        }
    }

    private static boolean isTransient(String[] args) {
        return List.of(args).contains("-t") || List.of(args).contains("--transient");
    }

    /** The bundles {@code args} name (options skipped); all are found before any is touched. */
    private List<Bundle> bundles(String[] args, boolean install) throws BundleException {
        List<Bundle> bundles = new java.util.ArrayList<>();
        for (String name : args) {
            if (name.equals("-t") || name.equals("--transient")) {
                continue;
            }
            Bundle bundle = find(name);
            if (bundle == null && install && name.contains(":")) {
                bundle = context.installBundle(name);
            }
            if (bundle == null) {
                throw new IllegalArgumentException("no bundle " + name);
            }
            bundles.add(bundle);
        }
        return bundles;
    }

    private Bundle find(String name) {
        try {
            return context.getBundle(Long.parseLong(name));
        } catch (NumberFormatException notAnId) {
            for (Bundle bundle : context.getBundles()) {
                if (name.equals(bundle.getSymbolicName())) {
                    return bundle;
                }
            }
            return null;
        }
    }

    /**
     * {@code v4j:encode [options of ./v4j encode]}: in the foreground; from another session (Karaf's
     * ssh, a second Gogo thread) the camera's MMAP provider may be stopped meanwhile.
     */
    @Descriptor("encodes camera frames as ./v4j encode and prints its summary line")
    public void encode(@Descriptor("[-d DEVICE] --to FILE [--count N] [--size WxH] [--pixelformat FOURCC] [--encoder NODE]") String... args) {
        if (EncodeCommand.run(args, System.out) != Commands.OK) {
            throw new IllegalStateException("encode: not every frame was encoded and drained");
        }
    }

    /**
     * {@code v4j:capture [options of ./v4j capture] [--background]}: in the foreground, prints the
     * summary line when done; with {@code --background}, prints
     * {@code started stream ID on DEVICE WxH FOURCC memory=TYPE} and returns.
     */
    @Descriptor("streams frames as ./v4j capture and prints its summary line; --background returns at once")
    public void capture(@Descriptor("[-d DEVICE] [--count N] [--memory auto|TYPE,...] [--dmabuf-from DEVICE|heap|udmabuf] [--size WxH] [--pixelformat FOURCC] [--png FILE] [--background]") String... args) {
        CaptureOptions options = CaptureOptions.parse(args);
        if (!options.background()) {
            new CaptureCommand(options, capture, System.out).run();
            return;
        }
        CaptureRequest request = CaptureCommand.request(options);
        CaptureStream stream = capture.start(request, frame -> { });
        System.out.println("started stream " + stream.id() + " on " + stream.device() + " " + stream.format().describe()
                + " memory=" + stream.stats().memoryPath());
    }

    /**
     * {@code v4j:await [ID] --frames N [--timeout S]}: blocks until stream ID (default: the latest)
     * has delivered N frames in total, then prints its line as {@code v4j:streams} does.
     */
    @Descriptor("waits until the background stream has delivered N frames in all")
    public void await(@Descriptor("[ID] --frames N [--timeout SECONDS] (default: the only stream, 60 s)") String... args)
            throws InterruptedException {
        Integer id = null;
        long frames = -1;
        long timeout = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> frames = number(args, ++i, "--frames");
                case "--timeout" -> timeout = number(args, ++i, "--timeout");
                default -> {
                    if (id != null) {
                        throw new UsageException("usage: v4j:await [ID] --frames N [--timeout SECONDS]");
                    }
                    id = (int) number(args, i, "ID");
                }
            }
        }
        if (frames < 0) {
            throw new UsageException("usage: v4j:await [ID] --frames N [--timeout SECONDS]");
        }
        CaptureStream stream = id != null ? stream(id) : latest();
        if (!stream.awaitFrames(frames, Duration.ofSeconds(timeout))) {
            StreamStats stats = stream.stats();
            throw new IllegalStateException("stream " + stream.id() + " delivered " + stats.frames() + " of " + frames
                    + " frames " + (stats.state().isEnded() ? "before it ended (" + stats.state() + stream.failure()
                    .map(f -> ": " + f.getMessage()).orElse("") + ")" : "within " + timeout + " s") + "\n" + line(stream));
        }
        System.out.println(line(stream));
    }

    /** {@code v4j:streams}: one line per running stream. */
    @Descriptor("one line per running stream: device, format, state, frames, lost, dropped, swaps, memory path")
    public void streams() {
        List<CaptureStream> streams = capture.streams().stream().sorted(Comparator.comparingInt(CaptureStream::id)).toList();
        if (streams.isEmpty()) {
            System.out.println("no streams");
        }
        for (CaptureStream stream : streams) {
            System.out.println(line(stream));
        }
    }

    /** {@code v4j:close ID}: stops stream ID and waits until everything is released. */
    @Descriptor("stops a background stream")
    public void close(@Descriptor("the stream id v4j:streams shows") int id) {
        CaptureStream stream = stream(id);
        stream.close();
        System.out.println(line(stream));
    }

    /**
     * {@code stream 3 /dev/video0 640x360 YUYV state=STREAMING frames=120 lost=0 dropped=0 swaps=2
     * memory=MMAP>USERPTR>MMAP gap_ms=96 gap_periods=2.9 prefer=auto}: fields users' scripts parse.
     */
    static String line(CaptureStream stream) {
        StreamStats stats = stream.stats();
        return String.format(Locale.ROOT,
                "stream %d %s %s state=%s frames=%d lost=%d dropped=%d swaps=%d memory=%s gap_ms=%d gap_periods=%.1f prefer=%s",
                stream.id(), stream.device(), stream.format().describe(), stats.state(), stats.frames(), stats.lost(),
                stats.dropped(), stats.swaps(), stats.memoryPath(), stats.lastSwapGap().toMillis(),
                stats.lastSwapGapPeriods(), stream.memory().toString().replace(' ', '_'));
    }

    private CaptureStream stream(int id) {
        return capture.streams().stream().filter(s -> s.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stream " + id + " (running: "
                        + capture.streams().stream().map(CaptureStream::id).sorted().toList() + ")"));
    }

    private CaptureStream latest() {
        return capture.streams().stream().max(Comparator.comparingInt(CaptureStream::id))
                .orElseThrow(() -> new IllegalStateException("no stream is running"));
    }

    private static long number(String[] args, int i, String what) {
        if (i >= args.length) {
            throw new UsageException(what + " needs a value");
        }
        try {
            long n = Long.parseLong(args[i]);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException(what + " takes a number, not '" + args[i] + "'");
    }
}
