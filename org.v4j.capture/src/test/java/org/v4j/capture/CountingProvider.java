package org.v4j.capture;

import java.lang.foreign.Arena;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PlaneRequest;

/**
 * A memory provider for host tests: a plane of native memory per {@link #supply}, every handle
 * counted out and back (a handle given back twice, or never supplied, is an AssertionError), and
 * a supply that fails on demand. Its handles are {@link MmapHandle}s whatever its type: the fake
 * queue only reads their mapping.
 */
final class CountingProvider implements MemoryProvider<PlaneHandle<?>> {
    private final MemoryType type;
    private final Set<PlaneHandle<?>> out = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final AtomicInteger supplied = new AtomicInteger();
    private final AtomicInteger givenBack = new AtomicInteger();
    private volatile RuntimeException failure;

    CountingProvider(MemoryType type) {
        this.type = type;
    }

    /** Every supply from now on throws {@code e}. */
    CountingProvider failingWith(RuntimeException e) {
        failure = e;
        return this;
    }

    @Override
    public MemoryType memoryType() {
        return type;
    }

    @Override
    public PlaneHandle<?> supply(PlaneRequest request) {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        PlaneHandle<?> handle = new MmapHandle(Arena.ofAuto().allocate(request.length()));
        out.add(handle);
        supplied.incrementAndGet();
        return handle;
    }

    @Override
    public void giveBack(PlaneHandle<?> handle) {
        if (!out.remove(handle)) {
            throw new AssertionError(type + ": a handle given back twice or never supplied");
        }
        givenBack.incrementAndGet();
    }

    int supplied() {
        return supplied.get();
    }

    int givenBack() {
        return givenBack.get();
    }

    /** Handles supplied and not given back. */
    int outstanding() {
        return out.size();
    }

    @Override
    public String toString() {
        return type.name();
    }
}
