package org.v4j.itest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** HTTP as the tests of {@code ./v4j serve} ask it: status, content type and body, or -1 and why when nothing answered. */
final class Http {
    record Answer(int code, String type, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Http() {}

    static Answer get(int port, String path) {
        return request(port, path, null);
    }

    /** A form POST ({@code application/x-www-form-urlencoded}). */
    static Answer post(int port, String path, String form) {
        return request(port, path, form);
    }

    private static Answer request(int port, String path, String form) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(30_000);
            if (form != null) {
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                c.getOutputStream().write(form.getBytes(StandardCharsets.US_ASCII));
            }
            int code = c.getResponseCode();
            InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
            return new Answer(code, c.getContentType(), in == null ? new byte[0] : in.readAllBytes());
        } catch (IOException e) {
            return new Answer(-1, null, e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One line of a multipart stream, without its CR LF. */
    static String line(DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int ch;
        while ((ch = in.read()) != -1 && ch != '\n') {
            if (ch != '\r') {
                b.append((char) ch);
            }
        }
        if (ch == -1) {
            throw new EOFException("the stream ended after: " + b);
        }
        return b.toString();
    }
}
