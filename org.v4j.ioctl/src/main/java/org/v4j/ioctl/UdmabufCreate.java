package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct udmabuf_create}: UDMABUF_CREATE, which turns a sealed memfd range into a dma-buf. */
public final class UdmabufCreate {
    public static final int FLAGS_CLOEXEC = 1;

    public static final StructLayout LAYOUT = Layouts.struct("udmabuf_create",
            JAVA_INT.withName("memfd"),
            JAVA_INT.withName("flags"),
            JAVA_LONG.withName("offset"),
            JAVA_LONG.withName("size"));

    public static final VarHandle MEMFD = Layouts.field(LAYOUT, "memfd");
    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");
    public static final VarHandle OFFSET = Layouts.field(LAYOUT, "offset");
    public static final VarHandle SIZE = Layouts.field(LAYOUT, "size");

    private UdmabufCreate() {}
}
