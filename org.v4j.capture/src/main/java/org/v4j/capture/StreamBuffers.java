package org.v4j.capture;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.osgi.service.log.Logger;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.stream.CaptureRequest;
import org.v4j.api.stream.CaptureStream;

/**
 * The buffers of one stream on its queue: started with the first provider that works (allocate,
 * queue all, STREAMON; each failure released, logged and the next tried), frames the application
 * released requeued, and every buffer taken back for a swap or a stop after a bounded wait
 * ({@link CaptureStream#HOLD_WAIT}) for frames it retains. Only the stream's thread calls it.
 */
final class StreamBuffers {
    private final StreamQueue queue;
    private final CaptureRequest request;
    private final ProviderChoice choice;
    private final Logger log;
    private final String stream;
    /** The provider being tried: in use, too, for whoever waits for the stream to leave it. */
    private volatile MemoryProvider<?> trying;

    StreamBuffers(StreamQueue queue, CaptureRequest request, ProviderChoice choice, Logger log, int id) {
        this.queue = queue;
        this.request = request;
        this.choice = choice;
        this.log = log;
        this.stream = "stream " + id + " on " + queue.path();
    }

    /** Whether {@code candidate} is being tried now. */
    boolean trying(MemoryProvider<?> candidate) {
        return trying == candidate;
    }

    /**
     * Allocates, queues every buffer and starts streaming with the first of {@code candidates}
     * that works, telling {@code started} before it stops counting as tried.
     *
     * @return the provider now in use, or null when there was no candidate
     * @throws RuntimeException the first failure (the others suppressed) when every candidate failed
     */
    MemoryProvider<?> start(List<MemoryProvider<?>> candidates, Consumer<MemoryProvider<?>> started) {
        RuntimeException first = null;
        for (int c = 0; c < candidates.size(); c++) {
            MemoryProvider<?> candidate = candidates.get(c);
            trying = candidate;
            try {
                String source = candidate.memoryType() == MemoryType.DMABUF ? request.source() : null;
                int allocated = queue.allocate(candidate, request.bufferCount(), source);
                for (int i = 0; i < allocated; i++) {
                    queue.queue(i);
                }
                queue.streamOn();
                started.accept(candidate);
                return candidate;
            } catch (RuntimeException e) {
                choice.failed(candidate, e, c + 1 < candidates.size());
                try {
                    queue.free();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            } finally {
                trying = null;
            }
        }
        if (first != null) {
            throw first;
        }
        return null;
    }

    /** Requeues the frames the application released since the last look. */
    void requeueReleased() {
        int n = queue.size();
        for (int i = 0; i < n; i++) {
            if (queue.takeRelease(i)) {
                queue.queue(i);
            }
        }
    }

    /**
     * Takes every buffer back for freeing: STREAMOFF, then waits (with {@code await}, given the
     * milliseconds left) until the application released its frames or the hold wait ran out, then free.
     */
    void takeBack(IntConsumer await) {
        queue.streamOff();
        long deadline = System.nanoTime() + CaptureStream.HOLD_WAIT.toNanos();
        int held;
        while ((held = held()) > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.info("{}: revoking {} frame(s) the application still retains after {} ms", stream, held,
                        CaptureStream.HOLD_WAIT.toMillis());
                break;
            }
            await.accept((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        queue.free();
    }

    /** How many frames the application retains now. */
    int held() {
        int held = 0;
        for (int i = 0; i < queue.size(); i++) {
            if (queue.frame(i).isHeld()) {
                held++;
            }
        }
        return held;
    }
}
