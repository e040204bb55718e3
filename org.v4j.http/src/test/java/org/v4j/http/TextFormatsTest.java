package org.v4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus text, the JSON and the multipart framing, checked against their grammars. */
class TextFormatsTest {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? (-?[0-9.eE+-]+|\\+Inf|NaN)");
    private static final Pattern META = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");

    /** Checks every line of Prometheus text (format 0.0.4); returns the samples' names. */
    static List<String> parsePrometheus(String text) {
        List<String> names = new ArrayList<>();
        java.util.Set<String> typed = new java.util.HashSet<>();
        assertTrue(text.endsWith("\n"), "the text ends with a newline");
        for (String line : text.split("\n")) {
            Matcher meta = META.matcher(line);
            if (meta.matches()) {
                if (meta.group(1).equals("TYPE")) {
                    assertTrue(List.of("counter", "gauge", "histogram").contains(meta.group(3)), line);
                    assertTrue(typed.add(meta.group(2)), "TYPE twice: " + line);
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            String family = m.group(1).replaceAll("_(bucket|sum|count)$", "");
            assertTrue(typed.contains(m.group(1)) || typed.contains(family), "no TYPE before " + line);
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void prometheusSamplesHistogramsAndEscapedLabelsParse() {
        Histogram h = new Histogram(Histogram.SECONDS);
        h.observeNanos(3_000_000);
        h.observeNanos(3_000_000);
        h.observeNanos(70_000_000_000L);
        String text = new PrometheusText().family("a_total", "counter", "Things")
                .sample("a_total", 3, "device", "/dev/video0", "memory", "MMAP")
                .sample("a_total", 1, "device", "we\"ird\\name\n")
                .histogram("t_seconds", "Times", h, "device", "/dev/video0").toString();
        List<String> names = parsePrometheus(text);
        assertEquals(2 + Histogram.SECONDS.length + 1 + 2, names.size());
        assertTrue(text.contains("t_seconds_bucket{device=\"/dev/video0\",le=\"0.0025\"} 0\n"), text);
        assertTrue(text.contains("t_seconds_bucket{device=\"/dev/video0\",le=\"0.005\"} 2\n"), text);
        assertTrue(text.contains("t_seconds_bucket{device=\"/dev/video0\",le=\"5\"} 2\n"), text);
        assertTrue(text.contains("t_seconds_bucket{device=\"/dev/video0\",le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("t_seconds_count{device=\"/dev/video0\"} 3\n"), text);
        assertTrue(text.contains("t_seconds_sum{device=\"/dev/video0\"} 70.006\n"), text);
        assertTrue(text.contains("device=\"we\\\"ird\\\\name\\n\""), text);
    }

    @Test
    void jsonEscapesAndNests() {
        String json = new Json().field("device", "/dev/\"v\"\n").field("fps", 29.97).field("n", 3L)
                .field("ok", true).field("none", (String) null)
                .field("format", new Json().field("width", 640L)).toString();
        assertEquals("{\"device\":\"/dev/\\\"v\\\"\\n\",\"fps\":29.970,\"n\":3,\"ok\":true,\"none\":null,"
                + "\"format\":{\"width\":640}}", json);
    }

    @Test
    void multipartPartsSayTheirLengthAndEndWithCrLf() {
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};
        String header = new String(Multipart.header(jpeg.length, 7, 1796408580.429), StandardCharsets.US_ASCII);
        assertEquals("--v4jframe\r\nContent-Type: image/jpeg\r\nContent-Length: 7\r\nX-Sequence: 7\r\n"
                + "X-Timestamp: 1796408580.429000\r\n\r\n", header);
        // the whole part: headers, the JPEG, CR LF; captured 2 s ago on the monotonic clock
        long twoSecondsAgo = System.nanoTime() - 2_000_000_000L;
        double wallThen = System.currentTimeMillis() / 1e3 - 2;
        String part = new String(Picture.of(jpeg, 8, twoSecondsAgo, 0).part(), StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--v4jframe\r\nContent-Type: image/jpeg\r\n"
                + "Content-Length: 7\r\nX-Sequence: 8\r\nX-Timestamp: ([0-9.]+)\r\n\r\n").matcher(part);
        assertTrue(m.lookingAt(), part);
        assertEquals(wallThen, Double.parseDouble(m.group(1)), 0.05);
        assertEquals(new String(jpeg, StandardCharsets.ISO_8859_1) + "\r\n", part.substring(m.end()));
        // captured 250 ms before now on the monotonic clock: 250 ms before now on the wall clock
        assertEquals(1796408580.179, Multipart.wallClockSeconds(9_750_000_000L, 1796408580_429L, 10_000_000_000L), 1e-6);
        assertEquals("multipart/x-mixed-replace;boundary=v4jframe", Multipart.CONTENT_TYPE);
        assertEquals("\r\n", new String(Multipart.TRAILER, StandardCharsets.US_ASCII));
    }
}
