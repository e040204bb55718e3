package org.v4j.ioctl;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/** {@code struct dma_heap_allocation_data}: DMA_HEAP_IOCTL_ALLOC, which returns a new dma-buf fd. */
public final class DmaHeapAllocationData {
    public static final StructLayout LAYOUT = Layouts.struct("dma_heap_allocation_data",
            JAVA_LONG.withName("len"),
            JAVA_INT.withName("fd"),
            JAVA_INT.withName("fd_flags"),
            JAVA_LONG.withName("heap_flags"));

    public static final VarHandle LEN = Layouts.field(LAYOUT, "len");
    public static final VarHandle FD = Layouts.field(LAYOUT, "fd");
    public static final VarHandle FD_FLAGS = Layouts.field(LAYOUT, "fd_flags");

    private DmaHeapAllocationData() {}
}
