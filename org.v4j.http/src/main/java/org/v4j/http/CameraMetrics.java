package org.v4j.http;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.StreamStats;

/**
 * The metric families of {@code /metrics}, labelled by device (and memory type, encoder where they
 * apply). Family by family, every device's samples together: the text format wants a family's
 * samples in one group.
 */
final class CameraMetrics {
    private CameraMetrics() {}

    /** One device's figures, read once per scrape. */
    private record Device(String path, StreamStats stats, FrameHub hub) {}

    static String text(List<ServedDevice> served) {
        List<Device> devices = served.stream().map(d -> new Device(d.path(), d.stream().stats(), d.hub())).toList();
        PrometheusText p = new PrometheusText();
        p.family("v4j_frames_total", "counter", "Frames captured, by the memory type they arrived in");
        for (Device d : devices) {
            for (MemoryType type : MemoryType.values()) {
                if (d.hub().frames(type) > 0 || d.stats().memory().contains(type)) {
                    p.sample("v4j_frames_total", d.hub().frames(type), "device", d.path(), "memory", type.name());
                }
            }
        }
        each(p, devices, "v4j_frames_dropped_total", "counter", "Frames the driver skipped (gaps in its sequence numbers)",
                d -> d.stats().dropped());
        each(p, devices, "v4j_frames_lost_total", "counter", "Frames v4j dequeued but never delivered", d -> d.stats().lost());
        each(p, devices, "v4j_swaps_total", "counter", "Memory provider changes of the stream", d -> d.stats().swaps());
        each(p, devices, "v4j_captured_bytes_total", "counter", "Bytes the driver filled (bytesused of every plane)",
                d -> d.hub().capturedBytes());
        p.family("v4j_http_encoded_frames_total", "counter", "Frames encoded as JPEG");
        for (Device d : devices) {
            p.sample("v4j_http_encoded_frames_total", d.hub().encoded(), "device", d.path(), "encoder", d.hub().encoderName());
        }
        each(p, devices, "v4j_http_encoder_skipped_frames_total", "counter",
                "Frames not encoded while someone watched: the encoder was busy or the fps cap said no", d -> d.hub().skipped());
        each(p, devices, "v4j_http_truncated_frames_total", "counter",
                "Camera JPEG frames skipped, never sent: no SOI or no EOI (bytesused short of the picture)",
                d -> d.hub().truncated());
        each(p, devices, "v4j_http_client_dropped_frames_total", "counter",
                "Encoded frames a /stream client had not taken when a newer one came (slow clients)",
                d -> d.hub().clientDropped());
        each(p, devices, "v4j_http_sent_bytes_total", "counter", "JPEG bytes sent to /stream and /snapshot clients",
                d -> d.hub().sentBytes());
        each(p, devices, "v4j_http_clients", "gauge", "/stream clients connected now", d -> d.hub().viewerCount());
        for (Device d : devices) {
            p.histogram("v4j_http_encode_seconds", "Time to read a frame and compress it", d.hub().encodeTime,
                    "device", d.path(), "encoder", d.hub().encoderName());
        }
        for (Device d : devices) {
            p.histogram("v4j_http_frame_age_seconds", "From the driver's capture timestamp to the JPEG written to a client",
                    d.hub().frameAge, "device", d.path());
        }
        return p.toString();
    }

    /** A family with one sample per device, labelled by device only. */
    private static void each(PrometheusText p, List<Device> devices, String name, String type, String help,
            ToDoubleFunction<Device> value) {
        p.family(name, type, help);
        for (Device d : devices) {
            p.sample(name, value.applyAsDouble(d), "device", d.path());
        }
    }
}
