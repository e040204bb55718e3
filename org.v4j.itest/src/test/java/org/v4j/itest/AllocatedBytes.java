package org.v4j.itest;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ThreadMXBean;

/**
 * The streaming thread's allocated-bytes counter, as the allocation tests read it on every frame.
 * com.sun.management is not exported by the framework, so the counter is reached through the
 * platform class loader, as a method handle warmed up before use: its own first calls spin
 * classes, which would land in the window.
 */
final class AllocatedBytes {
    private AllocatedBytes() {
    }

    /** {@code getCurrentThreadAllocatedBytes} of {@code bean}, as {@code (ThreadMXBean)long}, called 20,000 times already. */
    static MethodHandle warmHandle(ThreadMXBean bean) throws Throwable {
        MethodHandle handle = MethodHandles.publicLookup()
                .findVirtual(ClassLoader.getPlatformClassLoader().loadClass("com.sun.management.ThreadMXBean"),
                        "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                .asType(MethodType.methodType(long.class, ThreadMXBean.class));
        long warm = 0;
        for (int i = 0; i < 20_000; i++) {
            warm += (long) handle.invokeExact(bean);
        }
        if (warm <= 0) {
            throw new AssertionError("the allocated-bytes counter does not count: " + warm);
        }
        return handle;
    }

    /** Of the {@code frames} intervals after frame {@code from} of the per-frame counter readings {@code at}, how many allocated anything. */
    static int allocatingIntervals(long[] at, int from, int frames) {
        int n = 0;
        for (int i = from + 1; i <= from + frames; i++) {
            n += at[i] > at[i - 1] ? 1 : 0;
        }
        return n;
    }
}
