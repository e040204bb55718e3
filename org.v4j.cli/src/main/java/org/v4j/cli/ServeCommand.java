package org.v4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
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
 * {@code v4j serve}: configures the HTTP bundle's camera ({@code org.v4j.http} in Configuration
 * Admin, as an operator would), waits until its stream runs and {@code /state} answers, prints
 * one line with the address, and serves until the process is stopped or the stream ends.
 */
final class ServeCommand {
    static final String HTTP_PID = "org.v4j.http";
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    /**
     * @param user    HTTP Basic user ({@code --user}); the password comes from {@code $V4J_HTTP_PASSWORD},
     *                never the command line, and the HTTP bundle keeps only its hash
     * @param auth    {@code --auth basic|none}; empty: credentials required unless bound to loopback
     */
    record Options(String device, int port, String bind, MemoryPreference memory, int quality, long seconds, String user,
            String auth) {
        static Options parse(String... args) {
            String device = null;
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
                    case "-d", "--device" -> device = value;
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
            return new Options(device, port, bind, memory, quality, seconds, user, auth);
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
        String device = options.device() != null ? options.device() : DeviceScan.firstCaptureDevice();
        try (org.v4j.device.Device probe = org.v4j.device.Device.open(device)) {
            probe.captureType(); // a clear error (device, call, errno) before anything is configured
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
            props.put("device", device);
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
        CaptureStream stream = awaitStream(capture, device);
        String url = "http://" + (options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind()) + ":"
                + options.port() + "/";
        awaitHttp(URI.create(url + "state"));
        out.println(String.format(Locale.ROOT, "serving %s (driver %s) %s memory=%s at %s", device,
                stream.capability().driver(), stream.format().describe(), stream.stats().memoryPath(), url));
        out.flush();
        StreamStats end = stream.awaitEnd(options.seconds() > 0 ? Duration.ofSeconds(options.seconds()) : Duration.ofDays(3650));
        if (end == null || !end.state().isEnded()) {
            return Commands.OK; // --seconds ran out
        }
        throw new IllegalStateException("the stream on " + device + " ended " + end.state()
                + stream.failure().map(f -> ": " + f.getMessage()).orElse(""));
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
