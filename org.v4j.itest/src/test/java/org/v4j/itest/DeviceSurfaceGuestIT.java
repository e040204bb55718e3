package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.v4j.api.BufferType;
import org.v4j.api.Control;
import org.v4j.api.ControlType;
import org.v4j.api.ControlValue;
import org.v4j.device.Controls;
import org.v4j.device.Device;
import org.v4j.api.FormatDescription;
import org.v4j.api.Fraction;
import org.v4j.api.FrameInterval;
import org.v4j.api.FrameSize;
import org.v4j.api.Format;
import org.v4j.api.Input;
import org.v4j.api.Rect;
import org.v4j.api.Capability;
import org.v4j.api.PixelFormat;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.StreamStats;
import org.v4j.api.V4l2Exception;
import org.v4j.ioctl.V4l2Selection;

/**
 * The device surface against vivid, checked against what v4l2-ctl reports on the same node:
 * formats with sizes and intervals, inputs, controls with types, ranges, defaults, values and
 * menu entries; writes of every control type read back by v4l2-ctl; clear errors for
 * out-of-range and read-only writes; S_PARM, with the rate measured over 100 frames.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceSurfaceGuestIT extends GatewayTest {
    @Test
    public void formatsSizesAndIntervalsAgreeWithV4l2Ctl() throws Exception {
        for (BufferType type : List.of(BufferType.VIDEO_CAPTURE, BufferType.VIDEO_CAPTURE_MPLANE)) {
            String path = Vivid.node(type);
            TreeSet<String> ours = new TreeSet<>();
            try (Device device = Device.open(path)) {
                for (FormatDescription f : device.formats(type)) {
                    for (FrameSize size : device.frameSizes(f.pixelFormat())) {
                        FrameSize.Discrete d = (FrameSize.Discrete) size;
                        for (FrameInterval interval : device.frameIntervals(f.pixelFormat(), d.width(), d.height())) {
                            Fraction fr = ((FrameInterval.Discrete) interval).interval();
                            ours.add(f.pixelFormat() + " " + d + " " + String.format(Locale.ROOT, "%.3f", fr.perSecond()));
                        }
                    }
                }
            }
            TreeSet<String> theirs = V4l2CtlText.formats(Vivid.ctl(path, "--list-formats-ext"));
            System.out.println(path + ": " + ours.size() + " format/size/interval entries, as v4l2-ctl");
            assertFalse(theirs.isEmpty());
            assertEquals(path + ": only v4l2-ctl has", List.of(), V4l2CtlText.missing(theirs, ours));
            assertEquals(path + ": only v4j has", List.of(), V4l2CtlText.missing(ours, theirs));
        }
    }

    @Test
    public void inputsAgreeWithV4l2Ctl() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        List<String> theirs = new ArrayList<>();
        Matcher m = Pattern.compile("Name\\s*: (.*)").matcher(Vivid.ctl(path, "--list-inputs"));
        while (m.find()) {
            theirs.add(m.group(1).strip());
        }
        try (Device device = Device.open(path)) {
            assertEquals(theirs, device.inputs().stream().map(Input::name).toList());
            assertEquals(0, device.input());
            device.setInput(2);
            assertTrue(Vivid.ctl(path, "--get-input").contains("Video input : 2"));
            device.setInput(0);
        }
    }

    /** Every control v4l2-ctl lists: same id, type, range, default, menu entries and (unless volatile) value. */
    @Test
    public void controlsAgreeWithV4l2Ctl() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        String listed = Vivid.ctl(path, "--list-ctrls-menus");
        Map<String, String> theirs = V4l2CtlText.controls(listed);
        Map<String, List<String>> theirMenus = V4l2CtlText.menus(listed);
        Map<String, String> ours = new TreeMap<>();
        Map<String, List<String>> ourMenus = new TreeMap<>();
        try (Device device = Device.open(path)) {
            Controls controls = device.controls();
            for (Control c : controls.list()) {
                if (c.type() == ControlType.CTRL_CLASS || !theirs.containsKey(c.key())) {
                    continue;
                }
                // the fields v4l2-ctl prints for each type (values of payload controls are not compared)
                StringBuilder f = new StringBuilder();
                ControlType t = c.type();
                boolean ranged = t != ControlType.BUTTON && t != ControlType.BOOLEAN && t != ControlType.BITMASK
                        && t != ControlType.AREA;
                if (ranged) {
                    f.append(" min=").append(c.minimum()).append(" max=").append(c.maximum());
                }
                if (t == ControlType.BITMASK) {
                    f.append(String.format(" max=0x%08x", c.maximum()));
                }
                if (ranged && t != ControlType.MENU && t != ControlType.INTEGER_MENU) {
                    f.append(" step=").append(c.step());
                }
                if (t != ControlType.BUTTON && t != ControlType.STRING && t != ControlType.AREA) {
                    f.append(" default=").append(t == ControlType.BITMASK
                            ? String.format("0x%08x", c.defaultValue()) : c.defaultValue());
                }
                if (!c.has(org.v4j.api.ControlFlag.VOLATILE) && !c.has(org.v4j.api.ControlFlag.WRITE_ONLY) && !c.hasPayload()
                        && t != ControlType.BUTTON) {
                    ControlValue v = controls.get(c);
                    f.append(" value=").append(t == ControlType.BITMASK // v4l2-ctl prints it as a signed int
                            ? Integer.toString((int) ((ControlValue.Number) v).value()) : v);
                }
                ours.put(c.key(), String.format("%08x", c.id()) + " " + c.type().shortName() + " " + f.toString().strip());
                for (Control.MenuItem item : c.menu()) {
                    ourMenus.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(item.index() + ": "
                            + (item.name() != null ? item.name() : Long.toString(item.value())));
                }
            }
        }
        // v4l2-ctl prints fields we do not model for arrays and strings; compare those it prints for the rest
        Map<String, String> comparable = new TreeMap<>(theirs);
        comparable.keySet().retainAll(ours.keySet());
        System.out.println(path + ": " + ours.size() + " controls compared with v4l2-ctl, " + ourMenus.size() + " menus");
        assertTrue("v4l2-ctl lists controls v4j does not: " + V4l2CtlText.missing(theirs.keySet(), ours.keySet()),
                ours.keySet().containsAll(theirs.keySet()));
        assertEquals("only v4l2-ctl has", List.of(), V4l2CtlText.missing(comparable.entrySet(), ours.entrySet()));
        assertEquals("only v4j has", List.of(), V4l2CtlText.missing(ours.entrySet(), comparable.entrySet()));
        assertEquals(theirMenus, ourMenus);
    }

    /** Set every scalar type and read it back through v4l2-ctl; then the defaults again. */
    @Test
    public void everyControlTypeIsSetAndReadBack() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        Map<String, String> writes = Map.of("brightness", "200", "horizontal_flip", "true", "integer_64_bits",
                "1099511627776", "menu", "Menu Item 4", "string", "abcd", "bitmask", "0x80400010", "integer_menu", "7",
                "test_pattern", "2x2 Checkers");
        Map<String, String> expected = Map.of("brightness", "200", "horizontal_flip", "1", "integer_64_bits",
                "1099511627776", "menu", "4", "string", "abcd", "bitmask", "0x80400010", "integer_menu", "7",
                "test_pattern", "11");
        Map<String, String> v4l2ctlShows = Map.of("bitmask", Integer.toString(0x80400010), "string", "'abcd'");
        try (Device device = Device.open(path)) {
            Controls controls = device.controls();
            for (var write : writes.entrySet()) {
                Control c = controls.find(write.getKey());
                controls.set(c, controls.parse(c, write.getValue()));
                ControlValue back = controls.get(c);
                String shown = c.type() == ControlType.BITMASK ? String.format("0x%08x", ((ControlValue.Number) back).value())
                        : back.toString();
                assertEquals(write.getKey(), expected.get(write.getKey()), shown);
                String v4l2ctl = Vivid.ctl(path, "-C", write.getKey()).strip();
                String want = write.getKey() + ": " + v4l2ctlShows.getOrDefault(write.getKey(), expected.get(write.getKey()));
                assertTrue(write.getKey() + ": v4l2-ctl says " + v4l2ctl, v4l2ctl.equals(want) || v4l2ctl.startsWith(want + " "));
            }
            Control button = controls.find("button");
            controls.set(button, controls.parse(button, "1")); // a button is pressed: no value to read back
            Control array = controls.find("u8_2x3x4x5_array");
            byte[] bytes = new byte[120];
            java.util.Arrays.fill(bytes, (byte) 20);
            controls.set(array, new ControlValue.Bytes(bytes));
            org.junit.Assert.assertArrayEquals(bytes, ((ControlValue.Bytes) controls.get(array)).value());
            // back to the defaults for the other tests
            for (String key : writes.keySet()) {
                Control c = controls.find(key);
                controls.set(c, c.type() == ControlType.STRING ? new ControlValue.Text("  ")
                        : new ControlValue.Number(c.defaultValue()));
            }
        }
    }

    @Test
    public void outOfRangeAndReadOnlyWritesFailNamingTheControl() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        try (Device device = Device.open(path)) {
            Controls controls = device.controls();
            Control brightness = controls.find("brightness");
            ControlValue before = controls.get(brightness);
            V4l2Exception range = assertThrows(V4l2Exception.class,
                    () -> controls.set(brightness, new ControlValue.Number(300)));
            // the kernel would clamp an integer silently: v4j refuses it before the ioctl
            assertEquals("control brightness: 300 is out of range [0, 255] step 1: " + path + " (VIDIOC_S_EXT_CTRLS)",
                    range.getMessage());
            Control menu = controls.find("menu");
            V4l2Exception skipped = assertThrows(V4l2Exception.class, () -> controls.set(menu, new ControlValue.Number(2)));
            assertEquals("control menu: 2 is not an entry of the menu (1, 3, 4): " + path + " (VIDIOC_S_EXT_CTRLS)",
                    skipped.getMessage());
            assertEquals(before, controls.get(brightness));
            Control readOnly = controls.find("read_only_integer_32_bits");
            V4l2Exception ro = assertThrows(V4l2Exception.class, () -> controls.set(readOnly, new ControlValue.Number(1)));
            assertEquals("control read_only_integer_32_bits is read-only: " + path + " (VIDIOC_S_EXT_CTRLS: EACCES)",
                    ro.getMessage());
            V4l2Exception notANumber = assertThrows(V4l2Exception.class, () -> controls.parse(brightness, "abc"));
            assertEquals("control brightness takes a number in [0, 255] step 1, not 'abc': " + path
                    + " (VIDIOC_S_EXT_CTRLS)", notANumber.getMessage());
            Control string = controls.find("string"); // vivid: 2 to 4 bytes
            ControlValue text = controls.get(string);
            V4l2Exception tooLong = assertThrows(V4l2Exception.class,
                    () -> controls.set(string, new ControlValue.Text("abcdef")));
            assertEquals("control string: 'abcdef' is 6 bytes; it takes 2 to 4 bytes: " + path + " (VIDIOC_S_EXT_CTRLS)",
                    tooLong.getMessage());
            assertEquals("a refused string is not truncated into the control", text, controls.get(string));
            Control button = controls.find("button");
            assertEquals("a button reports what was written, not a read-back 0", new ControlValue.Number(1),
                    controls.set(button, controls.parse(button, "1")));
            V4l2Exception unknown = assertThrows(V4l2Exception.class, () -> controls.find("brightnes"));
            assertTrue(unknown.getMessage(), unknown.getMessage().startsWith("no control 'brightnes' (have: [brightness, "));
        }
    }

    /**
     * A control change made through another file handle (v4l2-ctl) raises a control event: on a
     * device with {@code awaitEvent}, and in a running stream through the same wait as its frames.
     */
    @Test
    public void aControlChangeRaisesAnEventTheSubscriberReceives() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        int brightness = 0x00980900;
        try (Device device = Device.open(path)) {
            device.subscribe(org.v4j.api.EventType.CTRL, brightness, true);
            org.v4j.api.Event initial = device.awaitEvent(2000);
            assertTrue("the initial event", initial != null && initial.type() == org.v4j.api.EventType.CTRL
                    && initial.id() == brightness && initial.value() == 128);
            Vivid.ctl(path, "-c", "brightness=77");
            org.v4j.api.Event change = device.awaitEvent(5000);
            assertTrue("a change event, got " + change, change != null && change.id() == brightness
                    && change.value() == 77 && change.changes().contains(org.v4j.api.EventChange.VALUE));
            assertEquals(null, device.awaitEvent(100));
            device.unsubscribe(org.v4j.api.EventType.CTRL, brightness);
        }
        List<org.v4j.api.Event> events = java.util.Collections.synchronizedList(new ArrayList<>());
        org.v4j.api.stream.FrameListener listener = new org.v4j.api.stream.FrameListener() {
            @Override
            public void onFrame(org.v4j.api.Frame frame) {
            }

            @Override
            public void onEvent(org.v4j.api.Event event) {
                events.add(event);
            }
        };
        try (CaptureStream stream = capture.start(CaptureRequest.of(path, MemoryType.MMAP), listener)) {
            assertTrue(stream.awaitFrames(2, Duration.ofSeconds(30)));
            stream.subscribe(org.v4j.api.EventType.CTRL, brightness);
            Vivid.ctl(path, "-c", "brightness=99");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (events.stream().noneMatch(e -> e.value() == 99) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue("the stream's listener got the event: " + events, events.stream().anyMatch(e -> e.value() == 99));
            assertTrue("frames go on", stream.awaitFrames(stream.stats().frames() + 2, Duration.ofSeconds(30)));
        } finally {
            Vivid.ctl(path, "-c", "brightness=128");
        }
    }

    /**
     * Crop and compose on vivid's TV input (its webcam input has neither), read back by v4l2-ctl;
     * a rectangle beyond the bounds comes back as the driver adjusted it; on the webcam input the
     * error names the ioctl.
     */
    @Test
    public void cropAndComposeAgreeWithV4l2Ctl() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        BufferType type = BufferType.VIDEO_CAPTURE;
        try (Device device = Device.open(path)) {
            Format before = device.format(type);
            device.setInput(1);
            Rect bounds = device.selection(type, V4l2Selection.TGT_CROP_BOUNDS);
            try {
                Map<String, Integer> targets = Map.of("crop_bounds", V4l2Selection.TGT_CROP_BOUNDS, "crop",
                        V4l2Selection.TGT_CROP, "compose", V4l2Selection.TGT_COMPOSE, "compose_bounds",
                        V4l2Selection.TGT_COMPOSE_BOUNDS);
                for (var target : targets.entrySet()) {
                    Rect r = device.selection(type, target.getValue());
                    String theirs = Vivid.ctl(path, "--get-selection", "target=" + target.getKey());
                    assertTrue(target.getKey() + ": v4j " + r + ", v4l2-ctl " + theirs, theirs.contains(target.getKey()
                            + ", Left " + r.left() + ", Top " + r.top() + ", Width " + r.width() + ", Height " + r.height()));
                }
                Rect wanted = new Rect(8, 8, 320, 240);
                assertEquals(wanted, device.setSelection(type, V4l2Selection.TGT_CROP, wanted, 0));
                assertTrue(Vivid.ctl(path, "--get-selection", "target=crop").contains("Left 8, Top 8, Width 320, Height 240"));
                Rect adjusted = device.setSelection(type, V4l2Selection.TGT_CROP, new Rect(0, 0, 4000, 4000), 0);
                System.out.println(path + " TV input: crop bounds " + bounds + ", crop (0,0)/4000x4000 adjusted to " + adjusted);
                assertTrue("adjusted " + adjusted + " within " + bounds, adjusted.width() <= bounds.width()
                        && adjusted.height() <= bounds.height());
                assertEquals(adjusted, device.selection(type, V4l2Selection.TGT_CROP));
            } finally {
                device.setSelection(type, V4l2Selection.TGT_CROP, bounds, 0);
                device.setInput(0);
                device.setFormat(type, before.width(), before.height(), before.pixelFormat());
            }
            V4l2Exception none = assertThrows(V4l2Exception.class, () -> device.selection(type, V4l2Selection.TGT_CROP));
            assertEquals("VIDIOC_G_SELECTION", none.call());
            assertTrue(none.getMessage(), none.getMessage().contains(path));
        }
    }

    @Test
    public void outputsAgreeWithV4l2Ctl() throws Exception {
        String path = Vivid.instanceNode(0, org.v4j.api.CapabilityFlag.VIDEO_OUTPUT);
        List<String> theirs = new ArrayList<>();
        Matcher m = Pattern.compile("Name\\s*: (.*)").matcher(Vivid.ctl(path, "--list-outputs"));
        while (m.find()) {
            theirs.add(m.group(1).strip());
        }
        try (Device device = Device.open(path)) {
            assertFalse(theirs.isEmpty());
            assertEquals(theirs, device.outputs().stream().map(Input::name).toList());
            assertEquals(0, device.output());
            device.setOutput(1);
            assertTrue(Vivid.ctl(path, "--get-output").contains("Video output: 1"));
            device.setOutput(0);
            assertEquals(0, device.output());
        }
    }

    /**
     * vivid reports a source change on its TV input when that input loses its signal: the
     * subscriber receives it, and ENUMINPUT shows the input without signal.
     */
    @Test
    public void aLostSignalRaisesASourceChangeEvent() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        try (Device device = Device.open(path)) {
            Format before = device.format(BufferType.VIDEO_CAPTURE);
            Controls controls = device.controls();
            Control mode = controls.find("standard_signal_mode");
            device.setInput(1);
            try {
                device.subscribe(org.v4j.api.EventType.SOURCE_CHANGE, 1, false);
                controls.set(mode, controls.parse(mode, "No Signal"));
                org.v4j.api.Event event = device.awaitEvent(5000);
                System.out.println(path + " TV input lost its signal: event " + event);
                assertTrue("a source change of input 1, got " + event, event != null
                        && event.type() == org.v4j.api.EventType.SOURCE_CHANGE && event.id() == 1
                        && event.changes().contains(org.v4j.api.EventChange.RESOLUTION));
                assertTrue("ENUMINPUT shows no signal",
                        device.inputs().get(1).status().contains(org.v4j.api.InputStatus.NO_SIGNAL));
            } finally {
                controls.set(mode, new ControlValue.Number(0));
                device.unsubscribe(org.v4j.api.EventType.SOURCE_CHANGE, 1);
                device.setInput(0);
                device.setFormat(BufferType.VIDEO_CAPTURE, before.width(), before.height(), before.pixelFormat());
            }
        }
    }

    /** S_PARM at 320x180: G_PARM and v4l2-ctl read the rate back; the rate over 100 frames is reported. */
    @Test
    public void sParmSetsTheFrameRate() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        try (Device device = Device.open(path)) {
            device.setFormat(BufferType.VIDEO_CAPTURE, 320, 180, PixelFormat.YUYV);
            assertEquals(new Fraction(1, 25), device.setFrameInterval(BufferType.VIDEO_CAPTURE, new Fraction(1, 25)));
            assertEquals(new Fraction(1, 25), device.frameInterval(BufferType.VIDEO_CAPTURE));
            assertTrue(Vivid.ctl(path, "--get-parm").contains("Frames per second: 25.000 (25/1)"));
        }
        try (CaptureStream stream = capture.start(CaptureRequest.of(path, MemoryType.MMAP).withFrameLimit(101), f -> { })) {
            StreamStats stats = stream.awaitEnd(Duration.ofMinutes(2));
            assertEquals(101, stats.frames());
            System.out.printf(Locale.ROOT, "S_PARM 1/25 at 320x180: %.1f fps measured over 100 frames (%d dropped)%n",
                    100 / (stats.elapsed().toNanos() / 1e9), stats.dropped());
        } finally {
            Vivid.ctl(path, "-v", "width=640,height=360,pixelformat=YUYV", "-p", "5");
        }
    }
}
