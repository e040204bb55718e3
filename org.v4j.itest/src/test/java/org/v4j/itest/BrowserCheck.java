package org.v4j.itest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page of {@code ./v4j serve} in a real browser: headless Chromium driven through its DevTools
 * protocol over the JDK's own WebSocket client, so a person's view of the page is what is tested
 * (the script ran, the table filled, the picture moves, the page's own controls act on the camera).
 * Usage: {@code BrowserCheck URL CHROMIUM SCREENSHOT.png}; prints {@code ok}/{@code FAIL} lines, exits 1 on a failure.
 */
public final class BrowserCheck {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^ ]+)");
    private static final Pattern PAGE = Pattern.compile("\"webSocketDebuggerUrl\": *\"(ws://[^\"]+/devtools/page/[^\"]+)\"");
    private static final Pattern VALUE = Pattern.compile("\"result\":\\{\"type\":\"string\",\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final Pattern ERROR = Pattern.compile("\"(?:description|text)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<Integer, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;
    private int failures;

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BrowserCheck URL CHROMIUM SCREENSHOT.png");
            System.exit(2);
        }
        Path profile = Files.createTempDirectory("v4j-chromium");
        Process chromium = new ProcessBuilder(args[1], "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1000,1400",
                "--user-data-dir=" + profile, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int failures = 1;
        try {
            String browser = devToolsAddress(chromium);
            failures = new BrowserCheck().run(browser, args[0], Path.of(args[2]));
        } catch (Exception e) {
            System.out.println("FAIL browser: " + e);
        } finally {
            chromium.destroy();
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Chromium prints its DevTools address on stderr once it listens. */
    private static String devToolsAddress(Process chromium) throws IOException {
        var err = new BufferedReader(new InputStreamReader(chromium.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> err.lines().forEach(l -> {})); // keep its stderr drained
                return m.group(1);
            }
        }
        throw new IOException("chromium ended without printing its DevTools address (exit " + chromium.exitValue() + ")");
    }

    private int run(String browser, String url, Path screenshot) throws Exception {
        URI b = URI.create(browser);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + b.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher page = PAGE.matcher(list);
        if (!page.find()) {
            throw new IOException("no page target in " + list);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page.group(1)), new Answers()).get(30, TimeUnit.SECONDS);
        call("Page.navigate", "{\"url\":\"" + url + "\"}");

        // the page loaded: its script filled the state and controls tables, the picture has its size
        String loaded = await("document.getElementById('controls').rows.length > 0 && document.getElementById('state').rows.length > 0"
                + " && document.getElementById('live').naturalWidth > 0", 120);
        String title = eval("document.title");
        String sizes = eval("document.getElementById('controls').rows.length + ' controls, state rows '"
                + " + document.getElementById('state').rows.length + ', picture ' + document.getElementById('live').naturalWidth"
                + " + 'x' + document.getElementById('live').naturalHeight");
        check(loaded.equals("true") && title.startsWith("v4j: /dev/video") && sizes.contains("picture 640x360"),
                "the page loads: title '" + title + "', " + sizes);

        // the live picture changes: a later draw of the <img> differs (under TCG an encode can take a second)
        String first = eval(PICTURE_HASH);
        String second = changedPicture(first, 30);
        check(!first.equals(second) && !first.startsWith("error"), "the live picture changes: " + first + " then " + second);

        // the page's brightness slider, moved as a user does, moves the snapshot's mean luma that way
        double base = snapshotLuma();
        double dark = brightness(40, luma -> luma < base - 10);
        double bright = brightness(220, luma -> luma > base + 10);
        brightness(128, luma -> true);
        check(dark < base - 10 && bright > base + 10, String.format(java.util.Locale.ROOT,
                "brightness from the page's slider: snapshot mean luma %.1f at 128, %.1f at 40, %.1f at 220", base, dark, bright));

        // a memory swap from the page's menu keeps the stream running
        String before = eval(STATE, true);
        eval("(() => { const m = document.getElementById('memory'); m.value = 'dmabuf'; m.dispatchEvent(new Event('change')); return 'ok'; })()");
        String swapped = await("fetch('state', {cache: 'no-store'}).then(r => r.json()).then(s => String(s.memory === 'DMABUF'))", 60);
        String during = eval(STATE, true);
        Thread.sleep(2000);
        String after = eval(STATE, true);
        String picture = eval(PICTURE_HASH);
        String pictureLater = changedPicture(picture, 30);
        // the page shows the server's answer: the memory path when the request was taken (MMAP, before the swap)
        String said = eval("document.getElementById('memory-said').textContent");
        check(swapped.equals("true") && frames(after) > frames(during) && !picture.equals(pictureLater) && said.startsWith("MMAP"),
                "a memory swap from the page's menu (the page said '" + said + "'): " + before + " -> " + during + " -> " + after
                        + (picture.equals(pictureLater) ? ", the picture stopped" : ", the picture still changes"));
        eval("(() => { const m = document.getElementById('memory'); m.value = 'mmap'; m.dispatchEvent(new Event('change')); return 'ok'; })()");
        await("fetch('state', {cache: 'no-store'}).then(r => r.json()).then(s => String(s.memory === 'MMAP'))", 60);
        Thread.sleep(1500); // the state table refreshes every second

        String png = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        Matcher data = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(png);
        check(data.find(), "a screenshot of the page");
        if (data.find(0)) {
            Files.write(screenshot, Base64.getDecoder().decode(data.group(1)));
            System.out.println("     screenshot: " + screenshot);
        }

        // the page's device list, as a user uses it: a click on the other device opens that device's
        // page, with its own title, state and a live picture of its own
        String clicked = eval("(() => { const a = document.querySelector('#devices a'); if (!a) return 'no link';"
                + " const d = a.textContent.split(' ')[0]; a.click(); return d; })()");
        String opened = await("String(document.title === 'v4j: " + clicked + "' && document.getElementById('live').naturalWidth > 0"
                + " && document.getElementById('state').rows.length > 0"
                + " && document.getElementById('state').rows[0].cells[1].textContent === '" + clicked + "')", 60);
        String its = eval(PICTURE_HASH);
        String itsLater = changedPicture(its, 30);
        check(clicked.startsWith("/dev/") && opened.equals("true") && !its.equals(itsLater) && !its.startsWith("error"),
                "the page's device list: its link opened " + clicked + "'s page (" + opened + "), its picture " + its + " then "
                        + itsLater);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        return failures;
    }

    /** A cheap fingerprint of the picture as the page shows it now (the <img> drawn into a canvas). */
    private static final String PICTURE_HASH = "(() => { const i = document.getElementById('live'); const c = document.createElement('canvas');"
            + " c.width = i.naturalWidth; c.height = i.naturalHeight; const g = c.getContext('2d'); g.drawImage(i, 0, 0);"
            + " const d = g.getImageData(0, 0, c.width, c.height).data; let h = 0;"
            + " for (let k = 0; k < d.length; k += 4) h = (h * 31 + d[k] + 7 * d[k + 1] + 13 * d[k + 2]) >>> 0;"
            + " return c.width + 'x' + c.height + ':' + h; })()";

    private static final String STATE = "fetch('state', {cache: 'no-store'}).then(r => r.json())"
            + ".then(s => 'memory=' + s.memory + ' frames=' + s.frames + ' swaps=' + s.swaps)";

    private static long frames(String state) {
        Matcher m = Pattern.compile("frames=([0-9]+)").matcher(state);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The picture's fingerprint once it differs from {@code before}, or the last one after {@code seconds}. */
    private String changedPicture(String before, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String now;
        do {
            Thread.sleep(500);
            now = eval(PICTURE_HASH);
        } while (now.equals(before) && System.nanoTime() < end);
        return now;
    }

    /** Moves the page's brightness slider to {@code value}; the snapshot's mean luma once {@code moved} holds (30 s at most). */
    private double brightness(int value, java.util.function.DoublePredicate moved) throws Exception {
        String said = eval("(() => { const s = document.querySelector('input[name=brightness]'); if (!s) return 'no slider';"
                + " s.value = " + value + "; s.dispatchEvent(new Event('input')); return 'ok'; })()");
        if (!said.equals("ok")) {
            check(false, "brightness slider: " + said);
            return Double.NaN;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double luma;
        do {
            Thread.sleep(500);
            luma = snapshotLuma();
        } while (!moved.test(luma) && System.nanoTime() < end);
        return luma;
    }

    /** The mean luma of {@code /snapshot}, decoded by the browser. */
    private double snapshotLuma() throws Exception {
        String luma = eval("fetch('snapshot', {cache: 'no-store'}).then(r => r.blob()).then(createImageBitmap).then(b => {"
                + " const c = document.createElement('canvas'); c.width = b.width; c.height = b.height;"
                + " const g = c.getContext('2d'); g.drawImage(b, 0, 0); const d = g.getImageData(0, 0, b.width, b.height).data;"
                + " let sum = 0; for (let k = 0; k < d.length; k += 4) sum += 0.299 * d[k] + 0.587 * d[k + 1] + 0.114 * d[k + 2];"
                + " return (sum / (d.length / 4)).toFixed(1); })", true);
        try {
            return Double.parseDouble(luma);
        } catch (NumberFormatException e) {
            check(false, "the snapshot's luma: " + luma);
            return Double.NaN;
        }
    }

    private void check(boolean ok, String what) {
        System.out.println((ok ? "ok   browser: " : "FAIL browser: ") + what);
        if (!ok) {
            failures++;
        }
    }

    /** Evaluates a JS expression that yields {@code 'true'} until it does, or {@code seconds} pass. */
    private String await(String expression, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String got;
        do {
            got = eval(expression, true);
            if (got.equals("true")) {
                return got;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < end);
        return got;
    }

    private String eval(String expression) throws Exception {
        return eval(expression, false);
    }

    /** Runtime.evaluate, the result as a string (awaited if it is a promise); {@code error: ...} if it threw. */
    private String eval(String expression, boolean promise) throws Exception {
        String js = promise ? "Promise.resolve(" + expression + ").then(String)" : "String(" + expression + ")";
        String answer = call("Runtime.evaluate", "{\"expression\":" + jsonString(js) + ",\"returnByValue\":true,\"awaitPromise\":"
                + promise + "}");
        Matcher m = VALUE.matcher(answer);
        if (m.find()) {
            return unescape(m.group(1));
        }
        Matcher error = ERROR.matcher(answer);
        return "error: " + (error.find() ? unescape(error.group(1)).lines().findFirst().orElse("") : answer);
    }

    private String call(String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        var answer = new CompletableFuture<String>();
        answers.put(id, answer);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
        return answer.get(60, TimeUnit.SECONDS);
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'u' -> { b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; }
                default -> b.append(n);
            }
        }
        return b.toString();
    }

    /** Collects a message's fragments and completes the call its id answers; events are ignored. */
    private final class Answers implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                Matcher id = Pattern.compile("^\\{\"id\":([0-9]+)").matcher(text);
                if (id.find()) {
                    var answer = answers.remove(Integer.parseInt(id.group(1)));
                    if (answer != null) {
                        answer.complete(text);
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }
}
