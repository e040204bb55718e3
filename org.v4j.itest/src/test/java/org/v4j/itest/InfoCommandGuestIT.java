package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;

/**
 * The gateway's {@code v4j:info} and {@code v4j:set} commands, run through its Gogo shell (the
 * code {@code ./v4j info} and {@code ./v4j set} run), held against
 * {@code v4l2-ctl --all --list-formats-ext --list-ctrls-menus} on the same node: driver and
 * capabilities, current input or output and format, frame rate, every format, size and
 * interval, every control with its range, default, value and menu entries.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InfoCommandGuestIT extends GatewayTest {
    private static final Pattern HEADER = Pattern.compile(
            "^device (\\S+) driver (\\S+) card \"(.*)\" bus (\\S+) version (\\S+) caps 0x([0-9a-f]{8}) device_caps 0x([0-9a-f]{8})$");
    private static final Pattern FORMAT = Pattern.compile("^format \\S+ (.+?) \"");
    private static final Pattern OUR_CONTROL = Pattern.compile("^control (\\S+) 0x([0-9a-f]{8}) (\\S+)(?: elems=\\d+)?(.*)$");

    /** Runs one Gogo command line; returns what it printed, or throws what the command threw. */
    private String gogo(String command) throws Exception {
        CommandProcessor processor = context.getService(context.getServiceReference(CommandProcessor.class));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void infoOfACaptureNodeAgreesWithV4l2Ctl() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        String ours = gogo("v4j:info -d " + path);
        String theirs = Vivid.ctl(path, "--all", "--list-formats-ext", "--list-ctrls-menus", "--list-inputs");

        header(path, ours, theirs);
        assertTrue("current input", ours.contains("\ncurrent input " + V4l2CtlText.field(theirs, "Video input").split(" ")[0] + "\n"));
        List<String> theirInputs = new ArrayList<>();
        Matcher input = Pattern.compile("Input\\s*: (\\d+)\\n\\s*Name\\s*: (.*)\\n\\s*Type\\s*: 0x[0-9a-f]+ \\((\\w+)\\)").matcher(theirs);
        while (input.find()) {
            theirInputs.add("input " + input.group(1) + " \"" + input.group(2).strip() + "\" " + input.group(3));
        }
        assertFalse(theirInputs.isEmpty());
        assertEquals(theirInputs, ours.lines().filter(l -> l.startsWith("input ")).toList());
        currentFormat("Video Capture", "VIDEO_CAPTURE", ours, theirs);

        TreeSet<String> ourFormats = formats(ours);
        TreeSet<String> theirFormats = V4l2CtlText.formats(theirs);
        assertFalse(theirFormats.isEmpty());
        assertEquals("formats only v4l2-ctl lists", List.of(), V4l2CtlText.missing(theirFormats, ourFormats));
        assertEquals("formats only v4j info lists", List.of(), V4l2CtlText.missing(ourFormats, theirFormats));

        Map<String, String> ourControls = controls(ours);
        Map<String, String> theirControls = V4l2CtlText.controls(theirs);
        assertFalse(theirControls.isEmpty());
        assertEquals("controls only v4l2-ctl lists", List.of(), V4l2CtlText.missing(theirControls.entrySet(), ourControls.entrySet()));
        sameControls(ours, ourControls, theirControls);
        Map<String, List<String>> theirMenus = V4l2CtlText.menus(theirs);
        assertEquals(theirMenus, menus(ours));
        System.out.printf(Locale.ROOT, "v4j:info %s: %d lines; as v4l2-ctl --all: %d format/size/interval entries, %d controls, %d menus, %d inputs%n",
                path, ours.lines().count(), ourFormats.size(), ourControls.size(), theirMenus.size(), theirInputs.size());
    }

    @Test
    public void infoOfAnOutputNodeAgreesWithV4l2Ctl() throws Exception {
        String path = Vivid.instanceNode(0, org.v4j.api.CapabilityFlag.VIDEO_OUTPUT);
        String ours = gogo("v4j:info -d " + path);
        String theirs = Vivid.ctl(path, "--all", "--list-outputs");
        header(path, ours, theirs);
        assertTrue("current output", ours.contains("\ncurrent output " + V4l2CtlText.field(theirs, "Video output").split(" ")[0] + "\n"));
        List<String> theirOutputs = new ArrayList<>();
        Matcher output = Pattern.compile("Output\\s*: (\\d+)\\n\\s*Name\\s*: (.*)").matcher(theirs);
        while (output.find()) {
            theirOutputs.add(output.group(1) + " \"" + output.group(2).strip() + "\"");
        }
        assertFalse(theirOutputs.isEmpty());
        assertEquals(theirOutputs, ours.lines().filter(l -> l.startsWith("output ")).map(l -> l.substring(7, l.lastIndexOf('"') + 1)).toList());
        currentFormat("Video Output", "VIDEO_OUTPUT", ours, theirs);
        Map<String, String> ourControls = controls(ours);
        Map<String, String> theirControls = V4l2CtlText.controls(theirs);
        assertFalse(theirControls.isEmpty());
        assertEquals("controls only v4l2-ctl lists", List.of(), V4l2CtlText.missing(theirControls.entrySet(), ourControls.entrySet()));
        sameControls(ours, ourControls, theirControls);
    }

    /**
     * Every control v4l2-ctl lists is listed alike; v4j may list more: the v4l2-ctl of v4l-utils here leaves out
     * vivid's {@code s32_2_element_array}, an array control, which v4j shows. Such extras must be
     * payload controls, and are reported.
     */
    private static void sameControls(String ours, Map<String, String> ourControls, Map<String, String> theirControls) {
        assertEquals("controls only v4l2-ctl lists", List.of(), V4l2CtlText.missing(theirControls.entrySet(), ourControls.entrySet()));
        Map<String, String> common = new TreeMap<>(ourControls);
        common.keySet().retainAll(theirControls.keySet());
        assertEquals(theirControls, common);
        List<String> extra = ours.lines().filter(l -> l.startsWith("control ")
                && !theirControls.containsKey(l.split(" ")[1])).toList();
        if (!extra.isEmpty()) {
            System.out.println("v4j:info lists controls v4l2-ctl does not: " + extra);
        }
        for (String line : extra) {
            assertTrue("only payload controls are missing from v4l2-ctl: " + line, line.contains("has-payload"));
        }
    }

    /** {@code v4j:set} through Gogo: v4l2-ctl reads the values back; a bad value fails the command naming the control. */
    @Test
    public void setThroughGogoIsReadBackByV4l2Ctl() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        try {
            String printed = gogo("v4j:set -d " + path + " brightness=77 \"test_pattern=2x2 Checkers\" horizontal_flip=true");
            assertEquals(List.of("brightness=77", "test_pattern=11", "horizontal_flip=1"), printed.lines().toList());
            assertEquals("brightness: 77", Vivid.ctl(path, "-C", "brightness").strip());
            assertEquals("test_pattern: 11 (2x2 Checkers)", Vivid.ctl(path, "-C", "test_pattern").strip());
            assertEquals("horizontal_flip: 1", Vivid.ctl(path, "-C", "horizontal_flip").strip());
            Exception range = assertThrows(Exception.class, () -> gogo("v4j:set -d " + path + " contrast=256"));
            assertEquals("control contrast: 256 is out of range [0, 255] step 1: " + path + " (VIDIOC_S_EXT_CTRLS)",
                    range.getMessage());
            Exception unknown = assertThrows(Exception.class, () -> gogo("v4j:set -d " + path + " nonesuch=1"));
            assertTrue(unknown.getMessage(), unknown.getMessage().startsWith("no control 'nonesuch'"));
        } finally {
            Vivid.ctl(path, "-c", "brightness=128,test_pattern=0,horizontal_flip=0");
        }
    }

    /** The first line against v4l2-ctl's driver info. */
    private static void header(String path, String ours, String theirs) {
        Matcher h = HEADER.matcher(ours.lines().findFirst().orElse(""));
        assertTrue(ours.lines().findFirst().orElse(""), h.matches());
        assertEquals(path, h.group(1));
        assertEquals(V4l2CtlText.field(theirs, "Driver name"), h.group(2));
        assertEquals(V4l2CtlText.field(theirs, "Card type"), h.group(3));
        assertEquals(V4l2CtlText.field(theirs, "Bus info"), h.group(4));
        assertEquals(V4l2CtlText.field(theirs, "Driver version"), h.group(5));
        assertEquals(V4l2CtlText.field(theirs, "Capabilities"), "0x" + h.group(6));
        assertEquals(V4l2CtlText.field(theirs, "Device Caps"), "0x" + h.group(7));
    }

    /** {@code current format TYPE WxH FOURCC interval N/D} against {@code Format Video ...:} and the frame rate. */
    private static void currentFormat(String section, String type, String ours, String theirs) {
        Matcher f = Pattern.compile("Format " + section + ":\\n\\s*Width/Height\\s*: (\\d+)/(\\d+)\\n\\s*Pixel Format\\s*: '([^']+)'")
                .matcher(theirs);
        assertTrue("v4l2-ctl prints the " + section + " format", f.find());
        Matcher c = Pattern.compile("^current format " + type + " (\\d+)x(\\d+) (\\S+) interval (\\S+)$", Pattern.MULTILINE)
                .matcher(ours);
        assertTrue("v4j info prints the current format", c.find());
        assertEquals(f.group(1) + "x" + f.group(2) + " " + f.group(3).strip(), c.group(1) + "x" + c.group(2) + " " + c.group(3));
        Matcher fps = Pattern.compile("Frames per second: ([0-9.]+)").matcher(theirs);
        if (fps.find()) {
            assertEquals(fps.group(1), fps(c.group(4)));
        } else {
            assertEquals("unknown", c.group(4));
        }
    }

    /** {@code FOURCC WxH fps} per interval, as {@link V4l2CtlText#formats} gives them. */
    private static TreeSet<String> formats(String info) {
        TreeSet<String> entries = new TreeSet<>();
        String fourcc = null;
        for (String line : info.split("\n")) {
            Matcher format = FORMAT.matcher(line);
            if (format.find()) {
                fourcc = format.group(1); // may hold a space: 'Y16 -BE'
            } else if (line.startsWith("  size ") && line.contains(" intervals ")) {
                String[] words = line.strip().split(" ");
                for (int i = 3; i < words.length; i++) {
                    entries.add(fourcc + " " + words[1] + " " + fps(words[i]));
                }
            }
        }
        return entries;
    }

    /** A frame interval {@code N/D} as v4l2-ctl prints its rate: D/N with three decimals. */
    private static String fps(String interval) {
        String[] nd = interval.split("/");
        return String.format(Locale.ROOT, "%.3f", Double.parseDouble(nd[1]) / Double.parseDouble(nd[0]));
    }

    /** Control key to {@code "ID TYPE fields"} as {@link V4l2CtlText#controls}; a bitmask's value as v4l2-ctl prints it (signed). */
    private static Map<String, String> controls(String info) {
        Map<String, String> controls = new TreeMap<>();
        for (String line : info.split("\n")) {
            Matcher c = OUR_CONTROL.matcher(line);
            if (c.matches()) {
                String rest = c.group(4);
                if (c.group(3).equals("bitmask")) {
                    Matcher v = Pattern.compile("value=0x([0-9a-f]+)").matcher(rest);
                    if (v.find()) {
                        rest = v.replaceFirst("value=" + (int) Long.parseLong(v.group(1), 16));
                    }
                }
                controls.put(c.group(1), c.group(2) + " " + c.group(3) + " " + V4l2CtlText.fields(c.group(3), rest));
            }
        }
        return controls;
    }

    /** Control key to its menu entries ({@code "  N: name"} lines after it). */
    private static Map<String, List<String>> menus(String info) {
        Map<String, List<String>> menus = new TreeMap<>();
        String last = null;
        for (String line : info.split("\n")) {
            Matcher c = OUR_CONTROL.matcher(line);
            if (c.matches()) {
                last = c.group(1);
            } else if (last != null && line.matches("^  \\d+: .*")) {
                menus.computeIfAbsent(last, k -> new ArrayList<>()).add(line.strip());
            } else {
                last = null;
            }
        }
        return menus;
    }
}
