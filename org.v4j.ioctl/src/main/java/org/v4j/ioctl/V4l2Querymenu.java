package org.v4j.ioctl;

import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct v4l2_querymenu} (packed): VIDIOC_QUERYMENU, one entry of a menu (a name) or integer menu (a value). */
public final class V4l2Querymenu {
    public static final StructLayout LAYOUT = Layouts.struct("v4l2_querymenu",
            JAVA_INT.withName("id"),
            JAVA_INT.withName("index"),
            unionLayout(sequenceLayout(32, JAVA_BYTE).withName("name"), JAVA_LONG_UNALIGNED.withName("value")),
            JAVA_INT.withName("reserved"));

    public static final VarHandle ID = Layouts.field(LAYOUT, "id");
    public static final VarHandle INDEX = Layouts.field(LAYOUT, "index");
    public static final VarHandle VALUE = Layouts.field(LAYOUT, "value");

    private V4l2Querymenu() {}
}
