package org.v4j.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;
import org.v4j.api.stream.MemoryPreference;

/**
 * The capture consumer. Binds every {@link MemoryProvider} dynamically and tells each stream when
 * the set changes, so streams swap memory while the gateway runs: when the provider a stream uses
 * goes away, the unbind returns only after the stream no longer uses it (its bundle can always
 * stop); when a provider appears or changes, streams move to it if they prefer it.
 */
@Component(service = CaptureService.class)
public final class CaptureComponent implements CaptureService, Providers {
    /** How long an unbind waits for a stream to leave the provider: the hold wait plus a swap. */
    private static final Duration LEAVE_WAIT = CaptureStream.HOLD_WAIT.plusSeconds(10);
    private static final Comparator<Registered> BEST_FIRST =
            Comparator.comparingInt(Registered::ranking).reversed().thenComparingLong(Registered::serviceId);

    /** A bound provider with the service properties a preference's filter is matched against. */
    private record Registered(MemoryProvider<?> provider, Map<String, Object> properties) {
        int ranking() {
            return properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        }

        long serviceId() {
            return properties.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
        }
    }

    @Reference(service = LoggerFactory.class)
    private Logger log;

    private final List<Registered> providers = new CopyOnWriteArrayList<>();
    private final List<CaptureSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMemoryProvider(MemoryProvider<?> provider, Map<String, Object> properties) {
        synchronized (providers) {
            providers.add(new Registered(provider, Map.copyOf(properties)));
            providers.notifyAll();
        }
        for (CaptureSession session : sessions) {
            session.providersChanged("a " + provider.memoryType() + " memory provider appeared");
        }
    }

    void updatedMemoryProvider(MemoryProvider<?> provider, Map<String, Object> properties) {
        synchronized (providers) {
            providers.replaceAll(r -> r.provider() == provider ? new Registered(provider, Map.copyOf(properties)) : r);
            providers.notifyAll();
        }
        for (CaptureSession session : sessions) {
            session.providersChanged("the " + provider.memoryType() + " memory provider's properties changed");
        }
    }

    void unbindMemoryProvider(MemoryProvider<?> provider) {
        synchronized (providers) {
            providers.removeIf(r -> r.provider() == provider);
            providers.notifyAll();
        }
        for (CaptureSession session : sessions) {
            if (session.uses(provider)) {
                session.reconsider("the " + provider.memoryType() + " memory provider went away");
            }
        }
        for (CaptureSession session : sessions) {
            if (session.uses(provider)) {
                if (!session.awaitNotUsing(provider, LEAVE_WAIT)) {
                    log.warn("stream {} on {} still uses the {} memory provider after {} s; stopping it", session.id(),
                            session.device(), provider.memoryType(), LEAVE_WAIT.toSeconds());
                    session.stop(new IllegalStateException("the " + provider.memoryType()
                            + " memory provider went away and the stream could not leave it"));
                    session.awaitReleased(LEAVE_WAIT);
                }
            }
        }
    }

    @Deactivate
    void deactivate() {
        for (CaptureSession session : sessions) {
            session.close();
        }
    }

    @Override
    public CaptureStream start(CaptureRequest request, FrameListener listener) {
        awaitCandidate(request.memory(), request.providerWait()); // before the device is opened
        CaptureSession session = CaptureSession.open(ids.incrementAndGet(), request, listener, this, log,
                sessions::remove, StreamDevice.open(request));
        sessions.add(session);
        session.startThread();
        // a provider may have changed between choosing and being listed: let the stream look again
        session.reconsider("the providers may have changed while the stream started");
        return session;
    }

    @Override
    public List<MemoryProvider<?>> candidates(MemoryPreference preference) {
        Filter filter = filter(preference);
        List<Registered> sorted = new ArrayList<>(providers);
        sorted.sort(BEST_FIRST);
        List<MemoryProvider<?>> candidates = new ArrayList<>();
        for (MemoryType type : preference.order()) {
            for (Registered registered : sorted) {
                if (registered.provider().memoryType() == type
                        && (filter == null || filter.matches(registered.properties()))) {
                    candidates.add(registered.provider());
                }
            }
        }
        return candidates;
    }

    /** Waits up to {@code wait} for a provider that {@code preference} allows; a bad filter fails at once. */
    private void awaitCandidate(MemoryPreference preference, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (providers) {
            while (candidates(preference).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Set<MemoryType> have = memoryTypes();
                    throw new NoMemoryProvider("no " + (preference.order().size() == 1 ? preference.order().getFirst()
                            : preference.toString()) + " memory provider is registered (have: "
                            + (have.isEmpty() ? "none" : have) + ")");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(providers, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a memory provider", e);
                }
            }
        }
    }

    private static Filter filter(MemoryPreference preference) {
        if (preference.filter() == null) {
            return null;
        }
        try {
            return FrameworkUtil.createFilter(preference.filter());
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad memory provider filter '" + preference.filter() + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void awaitChange(long nanos) throws InterruptedException {
        synchronized (providers) {
            TimeUnit.NANOSECONDS.timedWait(providers, nanos);
        }
    }

    @Override
    public Set<MemoryType> registered() {
        return memoryTypes();
    }

    @Override
    public Set<MemoryType> memoryTypes() {
        Set<MemoryType> types = EnumSet.noneOf(MemoryType.class);
        for (Registered registered : providers) {
            types.add(registered.provider().memoryType());
        }
        return types;
    }

    @Override
    public List<CaptureStream> streams() {
        return List.copyOf(sessions);
    }
}
