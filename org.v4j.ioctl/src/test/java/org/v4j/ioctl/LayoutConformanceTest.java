package org.v4j.ioctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks every Java struct layout, field offset and size and every ioctl number against the C
 * compiler's view of the uapi headers: a C program is generated from the Java layouts, compiled
 * with gcc against /usr/include/linux/videodev2.h and run ({@link UapiProgram}). The constants
 * are checked by {@link ConstantConformanceTest}.
 */
class LayoutConformanceTest {
    /** C struct name -> Java layout; member names equal the C field names. */
    static final Map<String, MemoryLayout> STRUCTS = new LinkedHashMap<>();

    static {
        STRUCTS.put("v4l2_capability", V4l2Capability.LAYOUT);
        STRUCTS.put("v4l2_fmtdesc", V4l2Fmtdesc.LAYOUT);
        STRUCTS.put("v4l2_pix_format", V4l2PixFormat.LAYOUT);
        STRUCTS.put("v4l2_plane_pix_format", V4l2PlanePixFormat.LAYOUT);
        STRUCTS.put("v4l2_pix_format_mplane", V4l2PixFormatMplane.LAYOUT);
        STRUCTS.put("v4l2_format", V4l2Format.LAYOUT);
        STRUCTS.put("v4l2_requestbuffers", V4l2Requestbuffers.LAYOUT);
        STRUCTS.put("v4l2_timecode", V4l2Timecode.LAYOUT);
        STRUCTS.put("v4l2_plane", V4l2Plane.LAYOUT);
        STRUCTS.put("v4l2_buffer", V4l2Buffer.LAYOUT);
        STRUCTS.put("v4l2_fract", V4l2Fract.LAYOUT);
        STRUCTS.put("v4l2_frmsizeenum", V4l2Frmsizeenum.LAYOUT);
        STRUCTS.put("v4l2_frmivalenum", V4l2Frmivalenum.LAYOUT);
        STRUCTS.put("v4l2_streamparm", V4l2Streamparm.LAYOUT);
        STRUCTS.put("v4l2_input", V4l2Input.LAYOUT);
        STRUCTS.put("v4l2_output", V4l2Output.LAYOUT);
        STRUCTS.put("v4l2_selection", V4l2Selection.LAYOUT);
        STRUCTS.put("v4l2_query_ext_ctrl", V4l2QueryExtCtrl.LAYOUT);
        STRUCTS.put("v4l2_querymenu", V4l2Querymenu.LAYOUT);
        STRUCTS.put("v4l2_ext_control", V4l2ExtControl.LAYOUT);
        STRUCTS.put("v4l2_ext_controls", V4l2ExtControls.LAYOUT);
        STRUCTS.put("v4l2_event_subscription", V4l2EventSubscription.LAYOUT);
        STRUCTS.put("v4l2_encoder_cmd", V4l2EncoderCmd.LAYOUT);
        STRUCTS.put("v4l2_decoder_cmd", V4l2DecoderCmd.LAYOUT);
        STRUCTS.put("v4l2_event_ctrl", V4l2Event.CTRL_LAYOUT);
        STRUCTS.put("v4l2_event", V4l2Event.LAYOUT);
        STRUCTS.put("v4l2_exportbuffer", V4l2Exportbuffer.LAYOUT);
        // the one layout that differs between architectures: that of the ABI being checked
        STRUCTS.put("epoll_event", UapiProgram.ARCH.isEmpty() ? Epoll.EVENT : Epoll.eventLayout(UapiProgram.ARCH));
        STRUCTS.put("dma_buf_sync", DmaBufSync.LAYOUT);
        STRUCTS.put("dma_heap_allocation_data", DmaHeapAllocationData.LAYOUT);
        STRUCTS.put("udmabuf_create", UdmabufCreate.LAYOUT);
    }

    static final List<Ioctl> ALL_IOCTLS = java.util.stream.Stream.concat(Vidioc.ALL.stream(), DmaBufIoctls.ALL.stream())
            .toList();

    static Map<String, Long> expected = new LinkedHashMap<>();
    static Map<String, Long> actual = new LinkedHashMap<>();

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        STRUCTS.forEach((name, layout) -> {
            expected.put("sizeof " + name, layout.byteSize());
            lines.add(print("sizeof " + name, "sizeof(struct " + name + ")"));
            members(name, "", layout, 0, lines);
        });
        for (Ioctl ioctl : ALL_IOCTLS) {
            expected.put("ioctl " + ioctl.name(), ioctl.request());
            lines.add(print("ioctl " + ioctl.name(), ioctl.name()));
        }
        actual.putAll(UapiProgram.run(dir, "layouts", lines));
    }

    private static String print(String key, String expression) {
        return UapiProgram.printUnsigned(key, expression);
    }

    /** Adds offsetof/sizeof checks for every named member, recursing into structs, unions and arrays. */
    private static void members(String struct, String prefix, MemoryLayout layout, long base, List<String> lines) {
        if (!(layout instanceof GroupLayout group)) {
            return;
        }
        long offset = 0;
        for (MemoryLayout member : group.memberLayouts()) {
            long memberOffset = base + (layout instanceof java.lang.foreign.StructLayout ? offset : 0);
            if (member instanceof PaddingLayout) {
                offset += member.byteSize();
                continue;
            }
            if (member.name().isEmpty()) { // anonymous union or struct: C names its members directly
                members(struct, prefix, member, memberOffset, lines);
            } else {
                String path = prefix + member.name().get();
                String cMember = "((struct " + struct + " *)0)->" + path;
                expected.put("offsetof " + struct + "." + path, memberOffset);
                lines.add(print("offsetof " + struct + "." + path, "offsetof(struct " + struct + ", " + path + ")"));
                expected.put("sizeof " + struct + "." + path, member.byteSize());
                lines.add(print("sizeof " + struct + "." + path, "sizeof(" + cMember + ")"));
                if (member instanceof SequenceLayout seq && seq.elementLayout() instanceof GroupLayout) {
                    members(struct, path + "[0].", seq.elementLayout(), memberOffset, lines);
                } else {
                    members(struct, path + ".", member, memberOffset, lines);
                }
            }
            offset += member.byteSize();
        }
    }

    @Test
    void everyCheckWasCompiled() {
        assertEquals(expected.keySet(), actual.keySet());
        assertTrue(expected.size() > 150, "checks: " + expected.size());
    }

    @Test
    void structSizesMatchTheHeader() {
        STRUCTS.keySet().forEach(name ->
                assertEquals(actual.get("sizeof " + name), expected.get("sizeof " + name), "sizeof struct " + name));
    }

    @Test
    void everyFieldOffsetAndSizeMatchesTheHeader() {
        List<String> wrong = new ArrayList<>();
        expected.forEach((key, value) -> {
            if (key.startsWith("offsetof ") || key.startsWith("sizeof ")) {
                if (!value.equals(actual.get(key))) {
                    wrong.add(key + ": java " + value + ", C " + actual.get(key));
                }
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void ioctlNumbersMatchTheHeader() {
        for (Ioctl ioctl : ALL_IOCTLS) {
            assertEquals(actual.get("ioctl " + ioctl.name()), ioctl.request(), ioctl.toString());
        }
    }
}
