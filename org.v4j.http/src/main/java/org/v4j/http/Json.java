package org.v4j.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/** Writes one JSON object, fields in the order added: enough for {@code /state}, no library needed; and answers with it. */
final class Json {
    private final StringBuilder out = new StringBuilder("{");

    Json field(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    Json field(String name, long value) {
        key(name).append(value);
        return this;
    }

    Json field(String name, double value) {
        key(name).append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
        return this;
    }

    Json field(String name, boolean value) {
        key(name).append(value);
        return this;
    }

    /** A nested object, written by {@code json}. */
    Json field(String name, Json json) {
        key(name).append(json);
        return this;
    }

    /** An array of objects. */
    Json field(String name, java.util.List<Json> objects) {
        key(name).append(array(objects));
        return this;
    }

    /** Answers a GET with {@code json}: UTF-8, never cached (it is the state now). */
    static void answer(HttpServletResponse resp, String json) throws IOException {
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(json);
    }

    /** A JSON array of {@code objects}. */
    static String array(java.util.List<Json> objects) {
        StringBuilder b = new StringBuilder("[");
        for (Json o : objects) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(o);
        }
        return b.append(']').toString();
    }

    private StringBuilder key(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        quote(name);
        return out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out + "}";
    }
}
