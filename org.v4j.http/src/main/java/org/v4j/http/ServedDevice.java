package org.v4j.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.osgi.service.log.Logger;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.MemoryPreference;
import org.v4j.api.stream.StreamStats;

/**
 * One device {@link LiveCamera} serves: its capture stream into its own {@link FrameHub}. When
 * the stream ends (the device went away) its clients are let go; {@link #restart} streams again
 * when the node is back. Servlets find it by the request's {@code device} parameter and keep the
 * object across a re-plug (the stream and hub inside are replaced).
 */
final class ServedDevice {
    private final String path;
    private final CaptureService capture;
    private final Logger log;
    private volatile FrameHub hub;
    private volatile CaptureStream stream;
    private volatile boolean closed;

    private ServedDevice(String path, CaptureService capture, Logger log) {
        this.path = path;
        this.capture = capture;
        this.log = log;
    }

    /** Streams {@code path} now: a device that cannot stream throws and leaves nothing open. */
    static ServedDevice start(String path, LiveCamera.Config c, CaptureService capture, Logger log) {
        ServedDevice d = new ServedDevice(path, capture, log);
        d.stream(c);
        return d;
    }

    private void stream(LiveCamera.Config c) {
        FrameHub h = new FrameHub(JpegEncoder.best(), c.quality(), c.fps_cap(), path);
        CaptureStream s;
        try {
            s = capture.start(CaptureRequest.of(path, MemoryPreference.parse(c.memory())), h);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        hub = h;
        stream = s;
        Thread.ofVirtual().name("v4j-http-watch " + path).start(() -> {
            try {
                StreamStats end = s.awaitEnd(Duration.ofDays(3650));
                log.info("stream {} on {} ended {}: its HTTP clients are let go", s.id(), path, end.state());
                h.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        log.info("serving {} ({} {}) over HTTP, encoder {}", path, s.capability().driver(), s.format().describe(),
                h.encoderName());
    }

    /** The node is there again: if the stream had ended, stream anew with {@code c}. */
    synchronized void restart(LiveCamera.Config c) {
        CaptureStream ended = stream;
        if (closed || !ended.stats().state().isEnded()) {
            return; // closed or restarted meanwhile
        }
        try {
            ended.close();
            stream(c);
            log.info("{} is back: streaming again", path);
        } catch (RuntimeException e) {
            log.error("{} came back but cannot stream: {}", path, e.getMessage());
        }
    }

    /** Quality, fps cap and memory preference of a changed configuration, applied live. */
    void reconfigure(LiveCamera.Config before, LiveCamera.Config c) {
        hub.configure(c.quality(), c.fps_cap());
        if (!before.memory().equals(c.memory())) {
            stream.setMemory(MemoryPreference.parse(c.memory()));
        }
    }

    synchronized void close() {
        closed = true;
        hub.close();
        stream.close();
    }

    String path() {
        return path;
    }

    /** The query that picks this device on every endpoint: {@code ?device=PATH}, the path URL-encoded but for its slashes. */
    String query() {
        return "?device=" + URLEncoder.encode(path, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** Whether a request's {@code device} names this one: its path or the path's last segment. */
    boolean isNamed(String name) {
        return path.equals(name) || path.substring(path.lastIndexOf('/') + 1).equals(name);
    }

    FrameHub hub() {
        return hub;
    }

    CaptureStream stream() {
        return stream;
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
