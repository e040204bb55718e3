package org.v4j.capture;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureService;
import org.v4j.api.stream.CaptureStream;
import org.v4j.api.stream.FrameListener;

/**
 * The capture consumer. Binds every {@link MemoryProvider} dynamically, so providers can come and
 * go while the gateway runs; a stream whose provider goes away is stopped and fully released
 * before the provider's bundle finishes stopping.
 */
@Component(service = CaptureService.class)
public final class CaptureComponent implements CaptureService {
    private static final System.Logger LOG = System.getLogger(CaptureComponent.class.getName());
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(10);

    private final List<MemoryProvider> providers = new CopyOnWriteArrayList<>();
    private final List<CaptureSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMemoryProvider(MemoryProvider provider) {
        synchronized (providers) {
            providers.add(provider);
            providers.notifyAll();
        }
    }

    void unbindMemoryProvider(MemoryProvider provider) {
        providers.remove(provider);
        for (CaptureSession session : sessions) {
            if (session.provider() == provider) {
                LOG.log(System.Logger.Level.INFO, "stream {0} on {1}: its {2} memory provider went away, stopping",
                        session.id(), session.device(), provider.memoryType());
                session.stop(new IllegalStateException("the " + provider.memoryType() + " memory provider went away"));
                session.awaitReleased(RELEASE_WAIT);
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
        MemoryProvider provider = awaitProvider(request.memory(), request.providerWait());
        CaptureSession session = CaptureSession.open(ids.incrementAndGet(), request, provider, listener, sessions::remove);
        sessions.add(session);
        session.startThread();
        if (!providers.contains(provider)) { // went away while we were opening
            session.stop(new IllegalStateException("the " + provider.memoryType() + " memory provider went away"));
        }
        return session;
    }

    private MemoryProvider awaitProvider(MemoryType type, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (providers) {
            while (true) {
                for (MemoryProvider provider : providers) {
                    if (provider.memoryType() == type) {
                        return provider;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no " + type + " memory provider is registered (have: "
                            + (memoryTypes().isEmpty() ? "none" : memoryTypes()) + ")");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(providers, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a " + type + " memory provider", e);
                }
            }
        }
    }

    @Override
    public Set<MemoryType> memoryTypes() {
        Set<MemoryType> types = EnumSet.noneOf(MemoryType.class);
        for (MemoryProvider provider : providers) {
            types.add(provider.memoryType());
        }
        return types;
    }

    @Override
    public List<CaptureStream> streams() {
        return List.copyOf(sessions);
    }
}
