package org.v4j.http;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.v4j.api.DeviceNode;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamStats;

/**
 * The camera the HTTP endpoints serve, configured as {@value #PID}: it runs one capture stream
 * into a {@link FrameHub} and points Felix HTTP ({@value #HTTP_PID}) at the configured address
 * and port. The servlets are components of their own that need this one, so they are on the
 * whiteboard exactly while a camera is configured. When the device goes away the stream ends
 * (REMOVED, as {@code /state} says) and its clients are let go; when its {@link DeviceNode}
 * comes back, the stream starts again, with no restart of anything else. Immediate: it is what turns HTTP
 * on, so it cannot wait for a client to ask for its service.
 */
@Component(service = LiveCamera.class, configurationPid = LiveCamera.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = LiveCamera.Config.class)
public final class LiveCamera {
    public static final String PID = "org.v4j.http";
    static final String HTTP_PID = "org.apache.felix.http";

    @ObjectClassDefinition(name = "v4j HTTP camera",
            description = "Serves one V4L2 capture device over HTTP: /stream (MJPEG), /snapshot, /state, /metrics and a page at /.")
    @interface Config {
        @AttributeDefinition(description = "V4L2 capture device node")
        String device() default "/dev/video0";

        @AttributeDefinition(description = "Memory types, best first (mmap, dmabuf, userptr), or auto")
        String memory() default "auto";

        @AttributeDefinition(description = "JPEG quality", min = "1", max = "100")
        int quality() default 80;

        @AttributeDefinition(description = "At most this many encoded frames a second; 0: as many as the encoder keeps up with", min = "0")
        double fps_cap() default 0;

        @AttributeDefinition(description = "At most this many /stream clients at once", min = "1")
        int clients() default 20;

        @AttributeDefinition(description = "TCP port of the HTTP server", min = "1", max = "65535")
        int port() default 8080;

        @AttributeDefinition(description = "Address the HTTP server binds to")
        String bind() default "127.0.0.1";

        @AttributeDefinition(description = "basic: HTTP Basic credentials required; none: no credentials even off loopback "
                + "(logged); empty: credentials required unless bound to loopback", required = false)
        String auth() default "";

        @AttributeDefinition(description = "User name for HTTP Basic", required = false)
        String user() default "";

        @AttributeDefinition(description = "Password for HTTP Basic: replaced in the configuration by .password.hash at once "
                + "(both private: a leading dot keeps them out of service properties)",
                type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD, required = false)
        String _password() default "";

        @AttributeDefinition(description = "pbkdf2-sha256 hash of the password (written from .password)", required = false)
        String _password_hash() default "";
    }

    @Reference(service = LoggerFactory.class)
    private Logger log;

    @Reference
    private CaptureService capture;

    @Reference
    private ConfigurationAdmin configurationAdmin;

    private volatile Config config;
    private volatile Access access;
    private boolean deactivated;
    private volatile FrameHub hub;
    private volatile CaptureStream stream;

    /** A node appeared: if it is the device of an ended stream, stream again (off the DS thread). */
    @Reference(name = "node", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "nodeRemoved")
    void nodeAdded(DeviceNode node) {
        Config c = config;
        CaptureStream s = stream;
        if (c != null && s != null && node.path().equals(c.device()) && s.stats().state().isEnded()) {
            Thread.ofVirtual().name("v4j-http-replug " + c.device()).start(() -> restart(s));
        }
    }

    void nodeRemoved(DeviceNode node) {
        // the stream sees the removal itself (ENODEV) and ends REMOVED
    }

    private synchronized void restart(CaptureStream ended) {
        if (deactivated || stream != ended || config == null) {
            return; // reconfigured or restarted meanwhile
        }
        try {
            ended.close();
            start(config);
            log.info("{} is back: streaming again", config.device());
        } catch (RuntimeException e) {
            log.error("{} came back but cannot stream: {}", config.device(), e.getMessage());
        }
    }

    @Activate
    void activate(Config c) {
        access = check(c);
        hashPassword(c);
        config = c;
        start(c);
        pointHttpAt(c);
    }

    @Modified
    synchronized void modified(Config c) {
        Access next;
        try {
            next = check(c);
            hashPassword(c);
        } catch (IllegalArgumentException e) {
            log.error("configuration {} refused, the previous one keeps serving: {}", PID, e.getMessage());
            return;
        }
        Config before = config;
        if (!before.device().equals(c.device())) {
            CaptureStream oldStream = stream;
            FrameHub oldHub = hub;
            try {
                start(c);
            } catch (RuntimeException e) {
                log.error("cannot serve {}, still serving {}: {}", c.device(), before.device(), e.getMessage());
                return;
            }
            oldHub.close();
            oldStream.close();
        } else {
            hub.configure(c.quality(), c.fps_cap());
            if (!before.memory().equals(c.memory())) {
                stream.setMemory(MemoryPreference.parse(c.memory()));
            }
        }
        config = c;
        access = next;
        pointHttpAt(c);
    }

    @Deactivate
    synchronized void deactivate() {
        deactivated = true;
        FrameHub h = hub;
        CaptureStream s = stream;
        if (h != null) {
            h.close();
        }
        if (s != null) {
            s.close();
        }
    }

    /**
     * Keeps the password hashed only: a configuration that carries it in plain is rewritten with
     * {@code password_hash} in its place (the rewrite comes back as a {@link #modified} call).
     */
    private void hashPassword(Config c) {
        if (c._password().isEmpty()) {
            return;
        }
        try {
            Configuration own = configurationAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> props = own.getProperties();
            if (props != null && props.get(".password") != null) {
                props.remove(".password");
                props.put(".password.hash", PasswordHash.hash(c._password().toCharArray()));
                own.update(props);
            }
        } catch (IOException e) {
            log.error("cannot replace the password of {} by its hash: {}", PID, e.getMessage());
        }
    }

    private Access check(Config c) {
        Access access = Access.of(c);
        if (!access.required() && !Access.isLoopback(c.bind())) {
            log.warn("serving {} on {} without credentials (auth=none)", c.device(), c.bind());
        }
        if (c.quality() < 1 || c.quality() > 100) {
            throw new IllegalArgumentException("quality must be 1-100: " + c.quality());
        }
        if (c.port() < 1 || c.port() > 65535) {
            throw new IllegalArgumentException("port must be 1-65535: " + c.port());
        }
        if (c.clients() < 1) {
            throw new IllegalArgumentException("clients must be at least 1: " + c.clients());
        }
        MemoryPreference.parse(c.memory());
        return access;
    }

    private void start(Config c) {
        FrameHub h = new FrameHub(JpegEncoder.best(), c.quality(), c.fps_cap(), c.device());
        CaptureStream s;
        try {
            s = capture.start(CaptureRequest.of(c.device(), MemoryPreference.parse(c.memory())), h);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        hub = h;
        stream = s;
        Thread.ofVirtual().name("v4j-http-watch " + c.device()).start(() -> {
            try {
                StreamStats end = s.awaitEnd(java.time.Duration.ofDays(3650));
                log.info("stream {} on {} ended {}: its HTTP clients are let go", s.id(), c.device(), end.state());
                h.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        log.info("serving {} ({} {}) over HTTP, encoder {}", c.device(), s.capability().driver(), s.format().describe(),
                h.encoderName());
    }

    /** Sets Felix HTTP's address and port, only when they differ (an update restarts Jetty). */
    private void pointHttpAt(Config c) {
        try {
            Configuration http = configurationAdmin.getConfiguration(HTTP_PID, "?");
            Dictionary<String, Object> now = http.getProperties();
            if (now != null && Objects.equals(now.get("org.osgi.service.http.port"), String.valueOf(c.port()))
                    && Objects.equals(now.get("org.apache.felix.http.host"), c.bind())
                    && Objects.equals(now.get("org.apache.felix.http.enable"), "true")) {
                return;
            }
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("org.apache.felix.http.enable", "true");
            props.put("org.osgi.service.http.port", String.valueOf(c.port()));
            props.put("org.apache.felix.http.host", c.bind());
            http.update(props);
        } catch (IOException e) {
            log.error("cannot configure {}: {}", HTTP_PID, e.getMessage());
        }
    }

    /** Who may see the camera, by the configuration in force. */
    Access access() {
        return access;
    }

    FrameHub hub() {
        return hub;
    }

    CaptureStream stream() {
        return stream;
    }

    Config config() {
        return config;
    }

    /** What {@code /state} answers. */
    String stateJson() {
        CaptureStream s = stream;
        FrameHub h = hub;
        StreamStats stats = s.stats();
        var format = s.format();
        Json f = new Json().field("width", format.width()).field("height", format.height())
                .field("pixelformat", format.pixelFormat().toString());
        return new Json().field("device", s.device()).field("driver", s.capability().driver())
                .field("card", s.capability().card()).field("format", f).field("fps", h.fps())
                .field("memory", stats.memory().isEmpty() ? null : stats.memory().getLast().name())
                .field("provider", s.provider().orElse(null))
                .field("memory_path", stats.memoryPath()).field("memory_preference", s.memory().toString())
                .field("state", stats.state().name()).field("frames", stats.frames()).field("lost", stats.lost())
                .field("dropped", stats.dropped()).field("swaps", stats.swaps()).field("clients", h.viewerCount())
                .field("client_dropped", h.clientDropped()).field("truncated", h.truncated()).field("encoder", h.encoderName())
                .field("quality", h.quality()).field("encoded", h.encoded()).field("sent_frames", h.sentFrames())
                .toString();
    }
}
