package org.v4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.MemoryPreference;

/** Provider choice on the host: preference order, device support, failures and their reset. */
class ProviderChoiceTest {
    private final RecordingLog log = new RecordingLog();
    private final RegisteredProviders registered = new RegisteredProviders();
    private final MemoryProvider<?> mmap = new CountingProvider(MemoryType.MMAP);
    private final MemoryProvider<?> userptr = new CountingProvider(MemoryType.USERPTR);
    private final MemoryProvider<?> dmabuf = new CountingProvider(MemoryType.DMABUF);

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
