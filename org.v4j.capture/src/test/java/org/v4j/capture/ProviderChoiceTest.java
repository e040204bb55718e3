package org.v4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PlaneRequest;
import org.v4j.api.stream.MemoryPreference;

/** Provider choice on the host: preference order, device support, failures and their reset. */
class ProviderChoiceTest {
    /** A provider that is never asked for memory here: the choice only looks at its type and identity. */
    private static MemoryProvider<PlaneHandle<?>> provider(MemoryType type) {
        return new MemoryProvider<>() {
            @Override
            public MemoryType memoryType() {
                return type;
            }

            @Override
            public PlaneHandle<?> supply(PlaneRequest request) {
                throw new AssertionError("not used");
            }

            @Override
            public void giveBack(PlaneHandle<?> handle) {
                throw new AssertionError("not used");
            }

            @Override
            public String toString() {
                return type.name();
            }
        };
    }

    /** Registered providers in registration order; candidates() orders them as CaptureComponent does: by the preference. */
    private static final class Registered implements Providers {
        final List<MemoryProvider<?>> all = new ArrayList<>();

        @Override
        public List<MemoryProvider<?>> candidates(MemoryPreference preference) {
            List<MemoryProvider<?>> ordered = new ArrayList<>();
            for (MemoryType type : preference.order()) {
                all.stream().filter(p -> p.memoryType() == type).forEach(ordered::add);
            }
            return ordered;
        }

        @Override
        public void awaitChange(long nanos) {}

        @Override
        public Set<MemoryType> registered() {
            Set<MemoryType> types = EnumSet.noneOf(MemoryType.class);
            all.forEach(p -> types.add(p.memoryType()));
            return types;
        }
    }

    private final RecordingLog log = new RecordingLog();
    private final Registered registered = new Registered();
    private final MemoryProvider<?> mmap = provider(MemoryType.MMAP);
    private final MemoryProvider<?> userptr = provider(MemoryType.USERPTR);
    private final MemoryProvider<?> dmabuf = provider(MemoryType.DMABUF);

    @Test
    void followsThePreferenceAndSkipsWhatTheDeviceLacksLoggingItOnce() {
        registered.all.addAll(List.of(userptr, dmabuf, mmap));
        ProviderChoice choice = new ProviderChoice(registered, EnumSet.of(MemoryType.MMAP, MemoryType.DMABUF), log.logger,
                7, "/dev/video4");
        MemoryPreference preference = MemoryPreference.parse("userptr, dmabuf, mmap");
        assertEquals(List.of(dmabuf, mmap), choice.usable(preference));
        assertEquals(List.of(dmabuf, mmap), choice.usable(preference));
        assertEquals(1, log.count("stream 7 on /dev/video4: skipping USERPTR memory: the device does not support it"
                + " (REQBUFS reports [MMAP, DMABUF])"), log.lines.toString());
        assertEquals(List.of(MemoryType.DMABUF, MemoryType.MMAP), choice.possible(preference));
        assertEquals(List.of(mmap, dmabuf), choice.usable(MemoryPreference.AUTO));
    }

    @Test
    void aFailedProviderIsSkippedUntilTheProvidersOrThePreferenceChange() {
        registered.all.addAll(List.of(mmap, dmabuf));
        ProviderChoice choice = new ProviderChoice(registered, EnumSet.allOf(MemoryType.class), log.logger, 1, "/dev/video0");
        choice.failed(dmabuf, new IllegalStateException("no heap"), true);
        assertTrue(log.lines.contains("warn stream 1 on /dev/video0: DMABUF memory failed, falling back to the next provider:"
                + " no heap"), log.lines.toString());
        MemoryPreference preference = MemoryPreference.parse("dmabuf, mmap");
        assertEquals(List.of(mmap), choice.usable(preference));
        assertEquals(List.of(mmap), choice.usable(preference));
        choice.forgetFailures();
        assertEquals(List.of(dmabuf, mmap), choice.usable(preference));
    }

    @Test
    void nothingUsableWhenEveryAllowedTypeFailedOrIsMissing() {
        registered.all.add(mmap);
        ProviderChoice choice = new ProviderChoice(registered, EnumSet.of(MemoryType.MMAP), log.logger, 2, "/dev/video2");
        assertEquals(List.of(), choice.usable(MemoryPreference.only(MemoryType.DMABUF)));
        choice.failed(mmap, new IllegalStateException(null, null), false);
        assertEquals(List.of(), choice.usable(MemoryPreference.AUTO));
        assertTrue(log.lines.contains("warn stream 2 on /dev/video2: MMAP memory failed, no other provider left to try: null"),
                log.lines.toString());
        assertEquals(List.of(), choice.possible(MemoryPreference.parse("userptr,dmabuf")));
    }
}
