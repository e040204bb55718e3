package org.v4j.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.osgi.service.log.Logger;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.MemoryPreference;

/**
 * Which providers a stream may try now, best first: those the preference allows, in its order
 * and then by service ranking (as {@link Providers} lists them), whose memory type
 * the device supports (REQBUFS 0's capabilities) and that have not failed on this stream. A type
 * the device lacks is logged once; failed providers get another try once the registered providers
 * or the preference change ({@link #forgetFailures()}).
 */
final class ProviderChoice {
    private final Providers providers;
    private final Set<MemoryType> supported;
    private final Logger log;
    private final String stream;
    private final Set<MemoryProvider<?>> failed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<MemoryType> reportedUnsupported = EnumSet.noneOf(MemoryType.class);
    /** Set from any thread when failed providers deserve another try; acted on by the stream's thread. */
    private volatile boolean forget;

    /** {@code id} and {@code device} name the stream in log lines: {@code stream 1 on /dev/video0}. */
    ProviderChoice(Providers providers, Set<MemoryType> supported, Logger log, int id, String device) {
        this.providers = providers;
        this.supported = supported.isEmpty() ? EnumSet.noneOf(MemoryType.class) : EnumSet.copyOf(supported);
        this.log = log;
        this.stream = "stream " + id + " on " + device;
    }

    /** In the kernel's order (MMAP, USERPTR, DMABUF), as messages print it. */
    Set<MemoryType> supported() {
        return supported;
    }

    /** The memory types of {@code preference} the device supports, in order. */
    List<MemoryType> possible(MemoryPreference preference) {
        return preference.order().stream().filter(supported::contains).toList();
    }

    /** The providers to try now, best first. */
    List<MemoryProvider<?>> usable(MemoryPreference preference) {
        if (forget) {
            forget = false;
            failed.clear();
        }
        List<MemoryProvider<?>> usable = new ArrayList<>();
        for (MemoryProvider<?> candidate : providers.candidates(preference)) {
            MemoryType type = candidate.memoryType();
            if (!supported.contains(type)) {
                if (reportedUnsupported.add(type)) {
                    log.info("{}: skipping {} memory: the device does not support it (REQBUFS reports {})", stream, type,
                            supported);
                }
            } else if (!failed.contains(candidate)) {
                usable.add(candidate);
            }
        }
        return usable;
    }

    /**
     * {@code candidate} failed on this stream with {@code e}: logged (saying whether another
     * provider is left to try), and skipped until {@link #forgetFailures()}.
     */
    void failed(MemoryProvider<?> candidate, RuntimeException e, boolean another) {
        failed.add(candidate);
        log.warn("{}: {} memory failed, {}: {}", stream, candidate.memoryType(),
                another ? "falling back to the next provider" : "no other provider left to try", String.valueOf(e.getMessage()));
    }

    /** The providers or the preference changed: the next {@link #usable} tries failed providers again. From any thread. */
    void forgetFailures() {
        forget = true;
    }
}
