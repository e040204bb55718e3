package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_query_ext_ctrl}: VIDIOC_QUERY_EXT_CTRL, one control's type, range and flags. */
public final class V4l2QueryExtCtrl {
    /** {@code V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND}: enumerate every control after {@code id}. */
    public static final int FLAG_NEXT_CTRL = 0x80000000, FLAG_NEXT_COMPOUND = 0x40000000;
    /** {@code V4L2_CTRL_FLAG_*}: what {@code flags} says about a control. */
    public static final int FLAG_DISABLED = 0x1, FLAG_GRABBED = 0x2, FLAG_READ_ONLY = 0x4, FLAG_UPDATE = 0x8,
            FLAG_INACTIVE = 0x10, FLAG_SLIDER = 0x20, FLAG_WRITE_ONLY = 0x40, FLAG_VOLATILE = 0x80,
            FLAG_HAS_PAYLOAD = 0x100, FLAG_EXECUTE_ON_WRITE = 0x200, FLAG_MODIFY_LAYOUT = 0x400,
            FLAG_DYNAMIC_ARRAY = 0x800;
    /** {@code enum v4l2_ctrl_type}: the types v4j reads and writes by value (the rest as bytes). */
    public static final int TYPE_INTEGER = 1, TYPE_BOOLEAN = 2, TYPE_MENU = 3, TYPE_BUTTON = 4, TYPE_INTEGER64 = 5,
            TYPE_CTRL_CLASS = 6, TYPE_STRING = 7, TYPE_BITMASK = 8, TYPE_INTEGER_MENU = 9, TYPE_U8 = 0x100,
            TYPE_U16 = 0x101, TYPE_U32 = 0x102, TYPE_AREA = 0x106;

    public static final StructLayout LAYOUT = Layouts.struct("v4l2_query_ext_ctrl",
            JAVA_INT.withName("id"),
            JAVA_INT.withName("type"),
            sequenceLayout(32, JAVA_BYTE).withName("name"),
            JAVA_LONG.withName("minimum"),
            JAVA_LONG.withName("maximum"),
            JAVA_LONG.withName("step"),
            JAVA_LONG.withName("default_value"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("elem_size"),
            JAVA_INT.withName("elems"),
            JAVA_INT.withName("nr_of_dims"),
            sequenceLayout(4, JAVA_INT).withName("dims"),
            sequenceLayout(32, JAVA_INT).withName("reserved"));

    public static final VarHandle ID = Layouts.field(LAYOUT, "id");
    public static final VarHandle TYPE = Layouts.field(LAYOUT, "type");
    public static final VarHandle MINIMUM = Layouts.field(LAYOUT, "minimum");
    public static final VarHandle MAXIMUM = Layouts.field(LAYOUT, "maximum");
    public static final VarHandle STEP = Layouts.field(LAYOUT, "step");
    public static final VarHandle DEFAULT_VALUE = Layouts.field(LAYOUT, "default_value");
    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");
    public static final VarHandle ELEM_SIZE = Layouts.field(LAYOUT, "elem_size");
    public static final VarHandle ELEMS = Layouts.field(LAYOUT, "elems");

    private V4l2QueryExtCtrl() {}
}
