package org.v4j.cli;

import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;

/** The registered memory provider of one type, for commands that drive queues themselves (bench, encode, decode). */
final class MemoryProviders {
    private static final long WAIT_MILLIS = 10_000;

    private MemoryProviders() {}

    /** A tracker of the providers of {@code memory}; the caller closes it when done with the provider. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ServiceTracker<MemoryProvider<?>, MemoryProvider<?>> track(MemoryType memory) {
        return track(memory, gone -> { });
    }

    /**
     * As {@link #track(MemoryType)}; {@code removed} runs when a tracked provider is unregistered,
     * on the thread that unregisters it (its bundle's stop waits for it), before it is let go.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static ServiceTracker<MemoryProvider<?>, MemoryProvider<?>> track(MemoryType memory, Consumer<MemoryProvider<?>> removed) {
        BundleContext context = FrameworkUtil.getBundle(MemoryProviders.class).getBundleContext();
        try {
            ServiceTracker tracker = new ServiceTracker(context, context.createFilter("(&(objectClass="
                    + MemoryProvider.class.getName() + ")(" + MemoryProvider.MEMORY_TYPE + "=" + memory + "))"), null) {
                @Override
                public void removedService(ServiceReference reference, Object service) {
                    try {
                        removed.accept((MemoryProvider<?>) service);
                    } finally {
                        super.removedService(reference, service);
                    }
                }
            };
            tracker.open();
            return tracker;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tracked provider, waiting up to 10 s for one. */
    @SuppressWarnings("unchecked")
    static <P extends MemoryProvider<?>> P await(ServiceTracker<MemoryProvider<?>, MemoryProvider<?>> tracker, MemoryType memory) {
        try {
            MemoryProvider<?> provider = tracker.waitForService(WAIT_MILLIS);
            if (provider == null) {
                throw new IllegalStateException("no " + memory + " memory provider within " + WAIT_MILLIS / 1000 + " s");
            }
            return (P) provider;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
