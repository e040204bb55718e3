package org.v4j.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): {@code # HELP}, {@code # TYPE},
 * then samples with escaped label values. A writer of its own rather than the Prometheus Java
 * client: its jars are not OSGi bundles and pull protobuf in, for some twenty lines of text.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();
    private final Map<String, Boolean> declared = new LinkedHashMap<>();

    /** Declares a metric family once: {@code type} is counter, gauge or histogram. */
    PrometheusText family(String name, String type, String help) {
        if (declared.putIfAbsent(name, Boolean.TRUE) == null) {
            out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        return this;
    }

    /** One sample; {@code labels} alternate names and values. */
    PrometheusText sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** A histogram's buckets, sum and count. */
    PrometheusText histogram(String name, String help, Histogram h, String... labels) {
        family(name, "histogram", help);
        double[] bounds = h.bounds();
        long[] cumulative = h.cumulative();
        for (int i = 0; i <= bounds.length; i++) {
            String[] withLe = java.util.Arrays.copyOf(labels, labels.length + 2);
            withLe[labels.length] = "le";
            withLe[labels.length + 1] = i < bounds.length ? number(bounds[i]) : "+Inf";
            sample(name + "_bucket", cumulative[i], withLe);
        }
        sample(name + "_sum", h.sum(), labels);
        sample(name + "_count", cumulative[bounds.length], labels);
        return this;
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
