package org.v4j.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.MemoryPreference;

/**
 * One stream of a host test: a {@link CaptureSession} on a {@link FakeQueue}, with
 * {@link CountingProvider}s and a {@link Recorder}. {@link #close()} (after each test) stops it
 * and checks that it released everything: the queue closed, every handle given back.
 */
final class SessionFixture implements AutoCloseable {
    /** How long a test waits for what the stream's thread does at once. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    final RecordingLog log = new RecordingLog();
    final RegisteredProviders providers = new RegisteredProviders();
    final Recorder listener = new Recorder();
    final List<CaptureSession> ended = new CopyOnWriteArrayList<>();
    final FakeQueue queue;
    private final List<CountingProvider> made = new ArrayList<>();
    CaptureSession session;

    /** A device that supports every memory type. */
    SessionFixture() {
        this(EnumSet.allOf(MemoryType.class));
    }

    SessionFixture(EnumSet<MemoryType> supported) {
        queue = new FakeQueue(supported);
    }

    /** A request for the fake device with {@code preference} ({@code auto}, {@code dmabuf,mmap}), waiting 50 ms for a provider. */
    static CaptureRequest request(String preference) {
        return CaptureRequest.of(FakeQueue.PATH, MemoryPreference.parse(preference)).withProviderWait(Duration.ofMillis(50));
    }

    /** Registers a new provider of {@code type}. */
    CountingProvider register(MemoryType type) {
        return register(new CountingProvider(type));
    }

    CountingProvider register(CountingProvider provider) {
        if (!made.contains(provider)) {
            made.add(provider);
        }
        providers.all.add(provider);
        return provider;
    }

    /** Starts the stream as CaptureComponent does, its thread running. */
    CaptureSession start(CaptureRequest request) {
        session = CaptureSession.open(1, request, listener, providers, log.logger, ended::add, queue);
        session.startThread();
        return session;
    }

    /** Waits until {@code done} holds; fails naming {@code what} after {@link #PATIENCE}. */
    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            Thread.sleep(1);
        }
    }

    private static void awaitUninterrupted(BooleanSupplier done, String what) {
        try {
            await(done, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted waiting for " + what);
        }
    }

    /** Lets the driver fill {@code frames} more buffers and waits until the stream delivered them. */
    void deliver(int frames) throws InterruptedException {
        long total = session.stats().frames() + frames;
        queue.fill(frames);
        assertTrue(session.awaitFrames(total, PATIENCE), "frames delivered: " + session.stats().frames() + " of " + total);
    }

    /** Stops the stream and checks that it gave back everything it took. */
    @Override
    public void close() {
        if (session != null) {
            session.close();
            assertTrue(session.stats().state().isEnded(), session.stats().state().toString());
            // the stream tells its end (CaptureComponent forgets it) just after it counts as released
            awaitUninterrupted(() -> !ended.isEmpty(), "the stream to tell its end");
            assertEquals(List.of(session), ended, "told the end once");
            assertTrue(queue.isClosed(), "device closed");
        }
        for (CountingProvider provider : made) {
            assertEquals(0, provider.outstanding(), provider + ": handles not given back");
            assertEquals(provider.supplied(), provider.givenBack(), provider + ": supplied and given back");
        }
    }
}
