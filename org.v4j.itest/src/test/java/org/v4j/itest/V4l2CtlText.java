package org.v4j.itest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what v4l2-ctl prints ({@code --list-formats-ext}, {@code --list-ctrls-menus}, {@code --all})
 * into comparable strings, so that tests can hold v4j's answers against the reference tool's.
 */
final class V4l2CtlText {
    /** {@code   brightness 0x00980900 (int)    : min=0 max=255 ...}: key, id, type, the rest. */
    static final Pattern CONTROL = Pattern.compile("^\\s*(\\S+) 0x([0-9a-f]{8}) \\((\\w+)\\)\\s*: (.*)$");
    private static final Pattern FORMAT = Pattern.compile("\\[\\d+\\]: '([^']+)'");
    private static final Pattern SIZE = Pattern.compile("Size: Discrete (\\d+x\\d+)");
    private static final Pattern INTERVAL = Pattern.compile("Interval: Discrete [0-9.]+s \\(([0-9.]+) fps\\)");

    private V4l2CtlText() {}

    /** {@code FOURCC WxH fps}, one per interval, from {@code --list-formats-ext}. */
    static TreeSet<String> formats(String text) {
        TreeSet<String> entries = new TreeSet<>();
        String fourcc = null;
        String size = null;
        for (String line : text.split("\n")) {
            Matcher f = FORMAT.matcher(line);
            Matcher s = SIZE.matcher(line);
            Matcher i = INTERVAL.matcher(line);
            if (f.find()) {
                fourcc = f.group(1).strip();
            } else if (s.find()) {
                size = s.group(1);
            } else if (i.find()) {
                entries.add(fourcc + " " + size + " " + i.group(1));
            }
        }
        return entries;
    }

    /** Control key to {@code "ID TYPE fields"} ({@link #fields}), from {@code --list-ctrls-menus} or {@code --all}. */
    static Map<String, String> controls(String text) {
        Map<String, String> controls = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher c = CONTROL.matcher(line);
            if (c.matches()) {
                controls.put(c.group(1), c.group(2) + " " + c.group(3) + " " + fields(c.group(3), c.group(4)));
            }
        }
        return controls;
    }

    /** Control key to its menu entries ({@code "N: name"}, or {@code "N: value"} of an integer menu). */
    static Map<String, List<String>> menus(String text) {
        Map<String, List<String>> menus = new TreeMap<>();
        String last = null;
        for (String line : text.split("\n")) {
            Matcher c = CONTROL.matcher(line);
            if (c.matches()) {
                last = c.group(1);
            } else if (last != null && line.matches("^\\t+\\d+: .*")) {
                menus.computeIfAbsent(last, k -> new ArrayList<>()).add(line.strip().replaceAll(" \\(0x[0-9a-f]+\\)$", ""));
            } else if (!line.isBlank() && !line.startsWith("\t")) {
                last = null;
            }
        }
        return menus;
    }

    /**
     * The min/max/step/default/value fields of a control line after its type: values of volatile
     * and payload controls and of buttons dropped (they change or are not printed alike), menu
     * item names after a value dropped.
     */
    static String fields(String type, String rest) {
        boolean volatileOrPayload = rest.contains("volatile") || rest.contains("has-payload") || type.equals("button");
        List<String> kept = new ArrayList<>();
        for (String field : rest.replaceAll(" \\([^)]*\\)", "").split(" ")) {
            if (field.matches("(min|max|step|default)=.*") || (field.startsWith("value=") && !volatileOrPayload)) {
                kept.add(field);
            }
        }
        return String.join(" ", kept);
    }

    /** The value after {@code "NAME : "} on the first line that has one ({@code --all}'s driver info), or null. */
    static String field(String text, String name) {
        Matcher m = Pattern.compile("^\\s*" + Pattern.quote(name) + "\\s*: (.*)$", Pattern.MULTILINE).matcher(text);
        return m.find() ? m.group(1).strip() : null;
    }

    /** Up to 20 elements of {@code a} that {@code b} lacks, for assertion messages. */
    static <T> List<String> missing(java.util.Collection<T> a, java.util.Collection<T> b) {
        return a.stream().filter(k -> !b.contains(k)).map(String::valueOf).limit(20).toList();
    }
}
