package org.v4j.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.v4j.api.Frame;
import org.v4j.api.MemoryProvider;
import org.v4j.api.DeviceNode;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamStats;
import org.v4j.api.stream.SwapEvent;

/**
 * A stream per factory configuration of {@value #PID} in Configuration Admin: what a gateway
 * operator sets up without code. Frames go to every {@link FrameListener} service whose
 * {@value #STREAM_PROPERTY} property names this stream (or that has none). A change of only the
 * memory preference or filter swaps memory mid-stream; any other change restarts the stream.
 * A stream whose device is missing or went away starts again when its {@link DeviceNode} service
 * (re)appears; one whose memory has no provider yet (a framework restarting from its cache may
 * start this bundle before the providers' bundles) starts when a {@link MemoryProvider} comes.
 * Activation never blocks waiting for either.
 */
@Component(configurationPid = ConfiguredStream.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ConfiguredStream.Config.class, factory = true)
public final class ConfiguredStream implements FrameListener {
    public static final String PID = "org.v4j.stream";
    /** Service property of a {@link FrameListener}: the name of the configured stream it listens to. */
    public static final String STREAM_PROPERTY = "v4j.stream";

    @ObjectClassDefinition(name = "v4j capture stream",
            description = "A V4L2 capture stream that the gateway runs and keeps running while memory providers come and go.")
    @interface Config {
        @AttributeDefinition(description = "Name of the stream; FrameListener services with v4j.stream=<name> receive its frames")
        String name() default "stream";

        @AttributeDefinition(description = "V4L2 capture device node")
        String device() default "/dev/video0";

        @AttributeDefinition(description = "Memory types, best first (mmap, dmabuf, userptr), or auto (mmap, dmabuf, userptr)")
        String memory() default "auto";

        @AttributeDefinition(description = "LDAP filter that a MemoryProvider service's properties must match; empty: any",
                required = false)
        String memory_filter() default "";

        @AttributeDefinition(description = "Where DMABUF memory comes from: heap, udmabuf or a device to export from; empty: the default",
                required = false)
        String dmabuf_source() default "";

        @AttributeDefinition(description = "Width in pixels; 0 keeps the device's format")
        int width() default 0;

        @AttributeDefinition(description = "Height in pixels; 0 keeps the device's format")
        int height() default 0;

        @AttributeDefinition(description = "Pixel format fourcc, e.g. YUYV; empty keeps the device's format", required = false)
        String pixelformat() default "";

        @AttributeDefinition(description = "Number of buffers", min = "1", max = "32")
        int buffers() default 4;
    }

    private record Listener(FrameListener listener, Object stream) {}

    @Reference(service = LoggerFactory.class)
    private Logger log;

    @Reference
    private CaptureService capture;

    private final List<Listener> bound = new ArrayList<>();
    /** Read on every frame: an array, so delivering allocates nothing. */
    private volatile FrameListener[] listeners = new FrameListener[0];
    private String name;
    private CaptureRequest request;
    private CaptureStream stream;
    /** The last start found no provider for the memory preference: the next provider to come starts it. */
    private boolean awaitsProvider;
    /** How long a start prompted by a provider's arrival waits for the capture service to list it. */
    private static final java.time.Duration PROVIDER_ARRIVAL = java.time.Duration.ofSeconds(5);

    @Activate
    void activate(Config config) {
        apply(config);
    }

    @Modified
    synchronized void modified(Config config) {
        CaptureRequest next = request(config);
        if (stream != null && next.withMemory(request.memory()).equals(request) && name.equals(config.name())) {
            request = next;
            stream.setMemory(next.memory());
            log.info("stream {} ({}) now prefers memory {}", stream.id(), name, next.memory());
            return;
        }
        stop();
        apply(config);
    }

    private synchronized void apply(Config config) {
        name = config.name();
        request = request(config);
        choose();
        start();
    }

    /** Starts the stream, or waits for the device node or for a memory provider when there is none yet. */
    private synchronized void start() {
        awaitsProvider = false;
        try {
            stream = capture.start(request, this);
            log.info("stream {} ({}) started on {} with {} memory", stream.id(), name, stream.device(),
                    stream.stats().memoryPath());
        } catch (NoMemoryProvider e) {
            stream = null;
            awaitsProvider = true;
            log.info("stream {} waits for a memory provider: {}", name, e.getMessage());
        } catch (V4l2Exception e) {
            if (!"ENOENT".equals(e.errnoName()) && !"ENODEV".equals(e.errnoName())) {
                throw e;
            }
            stream = null;
            log.info("stream {} waits for {} to appear", name, request.device());
        }
    }

    /** A node appeared: the configured stream starts (again) if it is on that node and not running. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDeviceNode(DeviceNode node) {
        synchronized (this) {
            if (request == null || !node.path().equals(request.device())
                    || (stream != null && !stream.stats().state().isEnded())) {
                return;
            }
            log.info("stream {}: {} is back, starting again", name, node.path());
            start();
        }
    }

    /**
     * A provider came: a stream that waits for one tries again, off the registering thread (the
     * capture service may learn of the provider after this component does, on that same thread).
     */
    @Reference(service = MemoryProvider.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindMemoryProvider(MemoryProvider<?> provider) {
        if (awaitsProvider && request != null && stream == null) {
            CaptureRequest waiting = request;
            Thread.ofVirtual().name("v4j-stream-" + name).start(() -> {
                synchronized (this) {
                    if (awaitsProvider && request == waiting && stream == null) {
                        request = waiting.withProviderWait(PROVIDER_ARRIVAL);
                        try {
                            start();
                        } finally {
                            request = waiting;
                        }
                    }
                }
            });
        }
    }

    void unbindMemoryProvider(MemoryProvider<?> provider) {
        // a running stream swaps or ends by itself (CaptureComponent tells it)
    }

    void unbindDeviceNode(DeviceNode node) {
        // the stream notices the removal itself (ENODEV) and ends as REMOVED
    }

    /**
     * Stops the stream (its configuration changed or went away, or the bundle stops) and logs its
     * counters: where no shell runs (Karaf on Java 25), the log is how an operator reads them.
     */
    @Deactivate
    synchronized void stop() {
        if (stream != null) {
            stream.close();
            StreamStats stats = stream.stats();
            log.info("stream {} ({}) stopped on {}: frames={} lost={} dropped={} swaps={} memory={}", stream.id(), name,
                    stream.device(), stats.frames(), stats.lost(), stats.dropped(), stats.swaps(), stats.memoryPath());
            stream = null;
        }
    }

    private static CaptureRequest request(Config config) {
        MemoryPreference memory = MemoryPreference.parse(config.memory()).withFilter(config.memory_filter());
        CaptureRequest request = CaptureRequest.of(config.device(), memory).withBufferCount(config.buffers())
                .withProviderWait(java.time.Duration.ZERO) // activation waits for nothing: see bindMemoryProvider
                .withSource(config.dmabuf_source().isBlank() ? null : config.dmabuf_source());
        if (!config.pixelformat().isBlank() || config.width() > 0) {
            request = request.withFormat(config.width(), config.height(),
                    config.pixelformat().isBlank() ? null : PixelFormat.of(String.format("%-4s", config.pixelformat())));
        }
        return request;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindFrameListener(FrameListener listener, Map<String, Object> properties) {
        bound.add(new Listener(listener, properties.get(STREAM_PROPERTY)));
        choose();
    }

    synchronized void unbindFrameListener(FrameListener listener) {
        bound.removeIf(l -> l.listener() == listener);
        choose();
    }

    /** The bound listeners that listen to this stream. */
    private synchronized void choose() {
        listeners = bound.stream()
                .filter(l -> l.stream() == null || Objects.equals(String.valueOf(l.stream()), name))
                .map(Listener::listener).toArray(FrameListener[]::new);
    }

    /** Every listener gets the frame, even when one before it throws. */
    @Override
    public void onFrame(Frame frame) {
        for (FrameListener listener : listeners) {
            try {
                listener.onFrame(frame);
            } catch (RuntimeException e) {
                log.warn("stream {}: frame listener {} failed", name, listener, e);
            }
        }
    }

    @Override
    public void onEvent(org.v4j.api.Event event) {
        for (FrameListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("stream {}: frame listener {} failed on an event", name, listener, e);
            }
        }
    }

    @Override
    public void onSwap(SwapEvent swap) {
        for (FrameListener listener : listeners) {
            try {
                listener.onSwap(swap);
            } catch (RuntimeException e) {
                log.warn("stream {}: frame listener {} failed on a swap", name, listener, e);
            }
        }
    }
}
