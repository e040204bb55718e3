package org.v4j.capture;

import java.util.List;
import java.util.Set;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.MemoryPreference;

/** The memory providers a stream may choose from, as the consumer knows them now. */
interface Providers {
    /** Registered providers that {@code preference} allows: in its type order, then by service ranking. */
    List<MemoryProvider<?>> candidates(MemoryPreference preference);

    /** Waits up to {@code nanos} for the registered providers to change. */
    void awaitChange(long nanos) throws InterruptedException;

    /** The memory types registered now, for messages. */
    Set<MemoryType> registered();
}
