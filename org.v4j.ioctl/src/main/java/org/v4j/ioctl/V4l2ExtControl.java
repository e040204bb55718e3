package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.ADDRESS_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code struct v4l2_ext_control} (packed): one control of VIDIOC_G/S/TRY_EXT_CTRLS, its value
 * inline (32- or 64-bit) or, for strings, arrays and compound controls, behind {@code ptr} with
 * {@code size} bytes.
 */
public final class V4l2ExtControl {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_ext_control",
            JAVA_INT.withName("id"),
            JAVA_INT.withName("size"),
            sequenceLayout(1, JAVA_INT).withName("reserved2"),
            unionLayout(JAVA_INT_UNALIGNED.withName("value"), JAVA_LONG_UNALIGNED.withName("value64"),
                    ADDRESS_UNALIGNED.withName("ptr")));

    public static final VarHandle ID = Layouts.field(LAYOUT, "id");
    public static final VarHandle SIZE = Layouts.field(LAYOUT, "size");
    public static final VarHandle VALUE = Layouts.field(LAYOUT, "value");
    public static final VarHandle VALUE64 = Layouts.field(LAYOUT, "value64");
    public static final VarHandle PTR = Layouts.field(LAYOUT, "ptr");

    private V4l2ExtControl() {}
}
