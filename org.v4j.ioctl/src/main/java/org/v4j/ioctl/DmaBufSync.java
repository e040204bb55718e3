package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct dma_buf_sync}: brackets CPU access to a mapped dma-buf (DMA_BUF_IOCTL_SYNC). */
public final class DmaBufSync {
    public static final long READ = 1, WRITE = 2, START = 0, END = 4;

    public static final StructLayout LAYOUT = Layouts.struct("dma_buf_sync", JAVA_LONG.withName("flags"));

    public static final VarHandle FLAGS = Layouts.field(LAYOUT, "flags");

    private DmaBufSync() {}
}
