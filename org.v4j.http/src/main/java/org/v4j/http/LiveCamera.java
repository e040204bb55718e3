package org.v4j.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.MemoryPreference;

/**
 * The cameras the HTTP endpoints serve, configured as {@value #PID}: one {@link ServedDevice}
 * (a capture stream into its own {@link FrameHub}) per configured device, and Felix HTTP
 * ({@value #HTTP_PID}) pointed at the configured address and port. A request picks its device
 * with {@code ?device=}. The servlets are components of their own that need this one, so they are on the
 * whiteboard exactly while a camera is configured. When a device goes away its stream ends
 * (REMOVED, as {@code /state} says) and its clients are let go; when its {@link DeviceNode}
 * comes back, the stream starts again, with no restart of anything else. A changed device list
 * keeps the devices that stay streaming untouched. Immediate: it is what turns HTTP
 * on, so it cannot wait for a client to ask for its service.
 */
@Component(service = LiveCamera.class, configurationPid = LiveCamera.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = LiveCamera.Config.class)
public final class LiveCamera {
    public static final String PID = "org.v4j.http";
    static final String HTTP_PID = "org.apache.felix.http";

    @ObjectClassDefinition(name = "v4j HTTP camera",
            description = "Serves V4L2 capture devices over HTTP: /stream (MJPEG), /snapshot, /state, /metrics, /devices and a page at /; ?device= picks one.")
    @interface Config {
        @AttributeDefinition(description = "V4L2 capture device nodes; the first is what a request without ?device= gets",
                cardinality = 16)
        String[] device() default "/dev/video0";

        @AttributeDefinition(description = "Memory types, best first (mmap, dmabuf, userptr), or auto")
        String memory() default "auto";

        @AttributeDefinition(description = "JPEG quality", min = "1", max = "100")
        int quality() default 80;

        @AttributeDefinition(description = "At most this many encoded frames a second; 0: as many as the encoder keeps up with", min = "0")
        double fps_cap() default 0;

        @AttributeDefinition(description = "At most this many /stream clients at once, per device", min = "1")
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
    /** The devices served, in the configuration's order (the first is the default of every endpoint). */
    private volatile List<ServedDevice> devices = List.of();

    /** A node appeared: if it is a served device whose stream ended, stream again (off the DS thread). */
    @Reference(name = "node", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "nodeRemoved")
    void nodeAdded(DeviceNode node) {
        for (ServedDevice d : devices) {
            if (node.path().equals(d.path()) && d.stream().stats().state().isEnded()) {
                Thread.ofVirtual().name("v4j-http-replug " + d.path()).start(() -> restart(d));
            }
        }
    }

    void nodeRemoved(DeviceNode node) {
        // the stream sees the removal itself (ENODEV) and ends REMOVED
    }

    private synchronized void restart(ServedDevice d) {
        if (!deactivated && devices.contains(d)) {
            d.restart(config);
        }
    }

    @Activate
    void activate(Config c) {
        access = check(c);
        hashPassword(c);
        config = c;
        devices = start(c, devicePaths(c), Map.of());
        pointHttpAt(c);
    }

    @Modified
    synchronized void modified(Config c) {
        Access next;
        List<String> paths;
        try {
            next = check(c);
            paths = devicePaths(c);
            hashPassword(c);
        } catch (IllegalArgumentException e) {
            log.error("configuration {} refused, the previous one keeps serving: {}", PID, e.getMessage());
            return;
        }
        Config before = config;
        Map<String, ServedDevice> kept = new LinkedHashMap<>();
        for (ServedDevice d : devices) {
            if (paths.contains(d.path())) {
                kept.put(d.path(), d);
            }
        }
        List<ServedDevice> served;
        try {
            served = start(c, paths, kept);
        } catch (RuntimeException e) {
            log.error("cannot serve {}, still serving {}: {}", String.join(", ", paths), String.join(", ", devicePaths(before)),
                    e.getMessage());
            return;
        }
        for (ServedDevice d : devices) {
            if (!kept.containsKey(d.path())) {
                d.close();
            }
        }
        for (ServedDevice d : kept.values()) {
            d.reconfigure(before, c);
        }
        devices = served;
        config = c;
        access = next;
        pointHttpAt(c);
    }

    @Deactivate
    synchronized void deactivate() {
        deactivated = true;
        for (ServedDevice d : devices) {
            d.close();
        }
    }

    /**
     * The served devices for {@code paths}: those in {@code kept} as they are, the others started;
     * if one cannot stream, the ones started here are closed again and the error goes on.
     */
    private List<ServedDevice> start(Config c, List<String> paths, Map<String, ServedDevice> kept) {
        List<ServedDevice> result = new ArrayList<>();
        List<ServedDevice> started = new ArrayList<>();
        try {
            for (String path : paths) {
                ServedDevice d = kept.get(path);
                if (d == null) {
                    d = ServedDevice.start(path, c, capture, log);
                    started.add(d);
                }
                result.add(d);
            }
        } catch (RuntimeException e) {
            started.forEach(ServedDevice::close);
            throw e;
        }
        return List.copyOf(result);
    }

    /** The configured devices: each entry may itself be a comma-separated list (a .cfg file's one string). */
    static List<String> devicePaths(Config c) {
        List<String> paths = new ArrayList<>();
        for (String entry : c.device()) {
            for (String path : entry.split(",")) {
                String p = path.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (paths.contains(p)) {
                    throw new IllegalArgumentException("device " + p + " is listed twice");
                }
                paths.add(p);
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no device configured");
        }
        return paths;
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
            log.warn("serving {} on {} without credentials (auth=none)", String.join(", ", devicePaths(c)), c.bind());
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
        devicePaths(c);
        return access;
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

    Config config() {
        return config;
    }

    /** Every served device, the default one first. */
    List<ServedDevice> devices() {
        return devices;
    }

    /**
     * The device a request is for: its {@code device} parameter (a path, or a path's last segment:
     * {@code video2}), the first configured one without it. An unknown one is answered 404 here,
     * naming it and the devices served, and gives {@code null}.
     */
    ServedDevice device(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<ServedDevice> all = devices;
        String name = req.getParameter("device");
        if (name == null || name.isEmpty()) {
            return all.getFirst();
        }
        for (ServedDevice d : all) {
            if (d.isNamed(name)) {
                return d;
            }
        }
        resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no such device: " + name + " (served: "
                + String.join(", ", all.stream().map(ServedDevice::path).toList()) + ")");
        return null;
    }
}
