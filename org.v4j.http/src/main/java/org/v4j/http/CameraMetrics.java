package org.v4j.http;

import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.StreamStats;

/** The metric families of {@code /metrics}, labelled by device (and memory type, encoder where they apply). */
final class CameraMetrics {
    private CameraMetrics() {}

    static String text(CaptureStream stream, FrameHub hub) {
        String device = stream.device();
        StreamStats stats = stream.stats();
        PrometheusText p = new PrometheusText();
        p.family("v4j_frames_total", "counter", "Frames captured, by the memory type they arrived in");
        for (MemoryType type : MemoryType.values()) {
            if (hub.frames(type) > 0 || stats.memory().contains(type)) {
                p.sample("v4j_frames_total", hub.frames(type), "device", device, "memory", type.name());
            }
        }
        p.family("v4j_frames_dropped_total", "counter", "Frames the driver skipped (gaps in its sequence numbers)")
                .sample("v4j_frames_dropped_total", stats.dropped(), "device", device);
        p.family("v4j_frames_lost_total", "counter", "Frames v4j dequeued but never delivered")
                .sample("v4j_frames_lost_total", stats.lost(), "device", device);
        p.family("v4j_swaps_total", "counter", "Memory provider changes of the stream")
                .sample("v4j_swaps_total", stats.swaps(), "device", device);
        p.family("v4j_captured_bytes_total", "counter", "Bytes the driver filled (bytesused of every plane)")
                .sample("v4j_captured_bytes_total", hub.capturedBytes(), "device", device);
        p.family("v4j_http_encoded_frames_total", "counter", "Frames encoded as JPEG")
                .sample("v4j_http_encoded_frames_total", hub.encoded(), "device", device, "encoder", hub.encoderName());
        p.family("v4j_http_encoder_skipped_frames_total", "counter",
                "Frames not encoded while someone watched: the encoder was busy or the fps cap said no")
                .sample("v4j_http_encoder_skipped_frames_total", hub.skipped(), "device", device);
        p.family("v4j_http_truncated_frames_total", "counter",
                "Camera JPEG frames skipped, never sent: no SOI or no EOI (bytesused short of the picture)")
                .sample("v4j_http_truncated_frames_total", hub.truncated(), "device", device);
        p.family("v4j_http_client_dropped_frames_total", "counter",
                "Encoded frames a /stream client had not taken when a newer one came (slow clients)")
                .sample("v4j_http_client_dropped_frames_total", hub.clientDropped(), "device", device);
        p.family("v4j_http_sent_bytes_total", "counter", "JPEG bytes sent to /stream and /snapshot clients")
                .sample("v4j_http_sent_bytes_total", hub.sentBytes(), "device", device);
        p.family("v4j_http_clients", "gauge", "/stream clients connected now")
                .sample("v4j_http_clients", hub.viewerCount(), "device", device);
        p.histogram("v4j_http_encode_seconds", "Time to read a frame and compress it", hub.encodeTime,
                "device", device, "encoder", hub.encoderName());
        p.histogram("v4j_http_frame_age_seconds", "From the driver's capture timestamp to the JPEG written to a client",
                hub.frameAge, "device", device);
        return p.toString();
    }
}
