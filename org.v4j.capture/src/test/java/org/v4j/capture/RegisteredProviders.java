package org.v4j.capture;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.MemoryPreference;

/**
 * The registered providers of a host test, in registration order; {@link #candidates} orders them
 * as CaptureComponent does, by the preference. Changed by the test while a stream's thread reads.
 */
final class RegisteredProviders implements Providers {
    final List<MemoryProvider<?>> all = new CopyOnWriteArrayList<>();

    @Override
    public List<MemoryProvider<?>> candidates(MemoryPreference preference) {
        List<MemoryProvider<?>> ordered = new ArrayList<>();
        for (MemoryType type : preference.order()) {
            all.stream().filter(p -> p.memoryType() == type).forEach(ordered::add);
        }
        return ordered;
    }

    @Override
    public void awaitChange(long nanos) throws InterruptedException {
        Thread.sleep(Math.max(1, nanos / 1_000_000));
    }

    @Override
    public Set<MemoryType> registered() {
        Set<MemoryType> types = EnumSet.noneOf(MemoryType.class);
        all.forEach(p -> types.add(p.memoryType()));
        return types;
    }
}
