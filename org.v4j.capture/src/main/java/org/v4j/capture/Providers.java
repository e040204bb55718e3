package org.v4j.capture;

import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
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

    /** {@code provider} as an operator looks for it: its bundle and version, or its class outside a framework. */
    static String name(MemoryProvider<?> provider) {
        Bundle bundle = FrameworkUtil.getBundle(provider.getClass());
        return bundle == null ? provider.getClass().getName() : bundle.getSymbolicName() + " " + bundle.getVersion();
    }
}
