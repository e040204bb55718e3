package org.v4j.cli;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The JVM's own account of its native memory (Native Memory Tracking's summary, through the
 * DiagnosticCommand MBean), for a soak to tell the JVM's malloc from what the C library keeps
 * resident after free. Only when the JVM runs with {@code -XX:NativeMemoryTracking=summary}
 * (e.g. {@code V4J_JAVA_OPTIONS=-XX:NativeMemoryTracking=summary ./v4j soak}).
 *
 * @param mallocKiB        every malloc the JVM made and has not freed
 * @param otherKiB         of it, category Other: FFM arenas and {@code Unsafe.allocateMemory}
 * @param mmapCommittedKiB the JVM's committed mappings (heap, code, metaspace, stacks)
 */
record NativeMemory(long mallocKiB, long otherKiB, long mmapCommittedKiB) {
    private static final Pattern TOTAL_MALLOC = Pattern.compile("^\\s*malloc: (\\d+)KB", Pattern.MULTILINE);
    private static final Pattern TOTAL_MMAP = Pattern.compile("^\\s*mmap:\\s+reserved=\\d+KB, committed=(\\d+)KB", Pattern.MULTILINE);
    private static final Pattern OTHER = Pattern.compile("-\\s+Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

    /** The summary now, or null when tracking is off. */
    static NativeMemory now() {
        String summary;
        try {
            summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary", "scale=KB"}}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            return null;
        }
        Matcher malloc = TOTAL_MALLOC.matcher(summary), mmap = TOTAL_MMAP.matcher(summary), other = OTHER.matcher(summary);
        if (!malloc.find() || !mmap.find()) {
            return null; // "Native memory tracking is not enabled"
        }
        return new NativeMemory(Long.parseLong(malloc.group(1)), other.find() ? Long.parseLong(other.group(1)) : 0,
                Long.parseLong(mmap.group(1)));
    }
}
