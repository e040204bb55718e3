package org.v4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Dictionary;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.v4j.api.V4l2Exception;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamStats;

/**
 * {@code v4j serve [-d D]...}: configures the HTTP bundle's cameras ({@code org.v4j.http} in Configuration
 * Admin, as an operator would), waits until their streams run and {@code /state} answers, prints
 * one line per device with its address, and serves until the process is stopped or the stream ends.
 */
final class ServeCommand {
    static final String HTTP_PID = "org.v4j.http";
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    /**
     * @param user    HTTP Basic user ({@code --user}); the password comes from {@code $V4J_HTTP_PASSWORD},
     *                never the command line, and the HTTP bundle keeps only its hash
     * @param auth    {@code --auth basic|none}; empty: credentials required unless bound to loopback
     */
    record Options(List<String> devices, int port, String bind, MemoryPreference memory, int quality, long seconds, String user,
            String auth) {
        static Options parse(String... args) {
            List<String> devices = new ArrayList<>();
            int port = 8080;
            String bind = "127.0.0.1";
            MemoryPreference memory = MemoryPreference.AUTO;
            int quality = 80;
            long seconds = 0;
            String user = "";
            String auth = "";
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--vm")) {
                    continue;
                }
                if (++i >= args.length) {
                    throw new UsageException(option + " needs a value");
                }
                String value = args[i];
                switch (option) {
                    case "-d", "--device" -> {
                        if (devices.contains(value)) {
                            throw new UsageException("-d " + value + " is given twice");
                        }
                        devices.add(value);
                    }
                    case "--port" -> port = number(option, value, 1, 65535);
                    case "--bind" -> bind = value;
                    case "--user" -> user = value;
                    case "--auth" -> {
                        if (!value.equals("basic") && !value.equals("none")) {
                            throw new UsageException("--auth takes basic or none, not '" + value + "'");
                        }
                        auth = value;
                    }
                    case "--quality" -> quality = number(option, value, 1, 100);
                    case "--seconds" -> seconds = number(option, value, 1, Integer.MAX_VALUE);
                    case "--memory" -> {
                        try {
                            memory = MemoryPreference.parse(value);
                        } catch (IllegalArgumentException e) {
                            throw new UsageException(e.getMessage());
                        }
                    }
                    default -> throw new UsageException("unknown option '" + option + "'");
                }
            }
            return new Options(List.copyOf(devices), port, bind, memory, quality, seconds, user, auth);
        }

        private static int number(String option, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new UsageException(option + " takes a number from " + min + " to " + max + ", not '" + value + "'");
        }
    }

    private ServeCommand() {}

    static int run(String[] args, CaptureService capture, PrintStream out) throws InterruptedException {
        Options options = Options.parse(args);
        List<String> devices = options.devices().isEmpty() ? List.of(DeviceScan.firstCaptureDevice()) : options.devices();
        for (String device : devices) {
            try (org.v4j.device.Device probe = org.v4j.device.Device.open(device)) {
                probe.captureType(); // a clear error (device, call, errno) before anything is configured
            }
        }
        BundleContext context = FrameworkUtil.getBundle(ServeCommand.class).getBundleContext();
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        cm.open();
        try {
            ConfigurationAdmin admin = cm.waitForService(START_WAIT.toMillis());
            if (admin == null) {
                throw new IllegalStateException("Configuration Admin did not start within " + START_WAIT.toSeconds() + " s");
            }
            Configuration config = admin.getConfiguration(HTTP_PID, "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("device", devices.toArray(String[]::new));
            props.put("port", options.port());
            props.put("bind", options.bind());
            props.put("memory", options.memory().toString());
            props.put("quality", options.quality());
            props.put("auth", options.auth());
            props.put("user", options.user());
            String password = System.getenv("V4J_HTTP_PASSWORD");
            if (password != null && !password.isEmpty()) {
                props.put(".password", password); // replaced by its hash at once
            }
            config.update(props);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure " + HTTP_PID + ": " + e.getMessage(), e);
        } finally {
            cm.close();
        }
        List<CaptureStream> streams = new ArrayList<>();
        for (String device : devices) {
            streams.add(awaitStream(capture, device));
        }
        String url = "http://" + (options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind()) + ":"
                + options.port() + "/";
        awaitHttp(URI.create(url + "state"));
        for (CaptureStream stream : streams) { // one line per device; the first is served without ?device=
            out.println(String.format(Locale.ROOT, "serving %s (driver %s) %s memory=%s at %s%s", stream.device(),
                    stream.capability().driver(), stream.format().describe(), stream.stats().memoryPath(), url,
                    stream == streams.getFirst() ? "" : "?device=" + stream.device()));
        }
        out.flush();
        long deadline = System.nanoTime() + (options.seconds() > 0 ? Duration.ofSeconds(options.seconds()) : Duration.ofDays(3650)).toNanos();
        StringBuilder ended = new StringBuilder();
        for (CaptureStream stream : streams) { // serves until --seconds runs out or every stream has ended
            StreamStats end = stream.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (end == null || !end.state().isEnded()) {
                return Commands.OK; // --seconds ran out
            }
            ended.append(ended.isEmpty() ? "" : "; ").append("the stream on ").append(stream.device()).append(" ended ")
                    .append(end.state()).append(stream.failure().map(f -> ": " + f.getMessage()).orElse(""));
        }
        throw new IllegalStateException(ended.toString());
    }

    private static CaptureStream awaitStream(CaptureService capture, String device) throws InterruptedException {
        long end = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (CaptureStream s : capture.streams()) {
                if (s.device().equals(device)) {
                    return s;
                }
            }
            Thread.sleep(50);
        }
        throw new V4l2Exception("the HTTP camera did not start a stream within " + START_WAIT.toSeconds()
                + " s (is the org.v4j.http bundle active? see the log)", device, "VIDIOC_STREAMON");
    }

    /** Until {@code /state} answers 200: Jetty restarts on its new address after the configuration. */
    private static void awaitHttp(URI state) throws InterruptedException {
        long end = System.nanoTime() + START_WAIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < end) {
            try {
                HttpURLConnection c = (HttpURLConnection) state.toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                int code = c.getResponseCode();
                c.disconnect();
                if (code == 200) {
                    return;
                }
                last = "HTTP " + code;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(state + " did not answer within " + START_WAIT.toSeconds() + " s: " + last);
    }
}
