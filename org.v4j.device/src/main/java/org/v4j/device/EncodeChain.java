package org.v4j.device;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.v4j.api.EventType;
import org.v4j.api.Format;
import org.v4j.api.MemoryProvider;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.BufferHandles;
import org.v4j.api.memory.DmaBuf;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.api.memory.DmaBufHandle;
import org.v4j.api.memory.DmaBufSource;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneHandle;

/**
 * A camera feeding a stateful encoder with no copy: each of the camera's buffers is exported
 * once (VIDIOC_EXPBUF) and queued on the encoder's OUTPUT queue as DMABUF when the camera fills
 * it; the camera gets it back when the encoder is done with it. One thread moves every buffer,
 * through the encoder's one wait loop ({@link Mem2Mem#serve}): camera DQBUF, encoder QBUF/DQBUF on
 * both queues. Encoder OUTPUT buffer {@code i} always carries camera buffer {@code i}.
 *
 * <p>{@link #run} feeds a number of frames and drains (V4L2_ENC_CMD_STOP, up to the CAPTURE
 * buffer flagged LAST); it may run again, which restarts the encoder. {@link #close()} frees the
 * encoder's buffers and closes it; the camera's buffers (and, with them, the exports) stay the
 * caller's.
 *
 * <p>The camera's memory may change during a run ({@link #swapCamera}, from any thread): the chain
 * stops requeueing on the camera, feeds the encoder every frame the camera still fills, and once
 * the encoder has returned every camera buffer it frees the camera's buffers, allocates new ones
 * from the new provider and queues those. The encoder keeps streaming and its state; DMABUF
 * imports take a new fd at each QBUF, so its OUTPUT buffer {@code i} then carries the new camera
 * buffer {@code i}: an MMAP export again, or a DMABUF camera buffer's own dma-buf (the same fd the
 * camera imports). Every frame the camera delivers is encoded, nothing is copied; USERPTR memory is refused.
 */
public final class EncodeChain implements AutoCloseable {
    /** Receives each encoded frame on the chain's thread, while its buffer is dequeued. */
    @FunctionalInterface
    public interface Sink {
        void accept(DeviceFrame encoded);
    }

    /**
     * What one {@link #run} did: frames fed, encoded frames and bytes, whether EOS came (event and
     * LAST buffer), camera memory swaps done during it.
     */
    public record Result(int fed, int encoded, long bytes, boolean eosEvent, boolean last, int swaps) {}

    /** A camera memory swap asked for: the provider and source to allocate from; done when the camera streams on it. */
    private record Swap(MemoryProvider<?> provider, String source, CompletableFuture<MemoryType> done) {}

    private final BufferQueue camera;
    private final Mem2Mem encoder;
    private final CameraDmaBufs dmabufs;
    private Buffers<PlaneHandle<DmaBuf>> imported;
    private final Format raw;
    private final Format coded;
    private boolean served;
    private volatile Swap pending;
    private Swap swapping;

    private EncodeChain(BufferQueue camera, Mem2Mem encoder, Format raw, Format coded) {
        this.camera = camera;
        this.encoder = encoder;
        this.dmabufs = new CameraDmaBufs(camera);
        this.raw = raw;
        this.coded = coded;
    }

    /**
     * Opens the encoder at {@code encoderPath} for the camera's format and buffers: the camera
     * queue has single-plane MMAP or DMABUF buffers allocated and is not streaming. The
     * encoder's OUTPUT takes the camera's format as is (refused, naming both, if it chooses
     * another) and imports the exports; its CAPTURE gets {@code captureCount} buffers from
     * {@code captureMemory}. On failure everything opened here is closed.
     */
    public static EncodeChain open(BufferQueue camera, Buffers<? extends PlaneHandle<?>> cameraBuffers,
            String encoderPath, MemoryProvider<?> captureMemory, int captureCount) {
        Format source = camera.format();
        if (source == null || camera.buffers() != cameraBuffers) {
            throw new IllegalStateException(camera.device().path() + ": allocate the camera's buffers first");
        }
        if (source.planes().size() != 1) {
            throw new IllegalArgumentException(camera.device().path() + ": " + source.describe()
                    + " has " + source.planes().size() + " planes; the chain takes single-plane frames");
        }
        Mem2Mem encoder = Mem2Mem.open(encoderPath);
        try {
            Format raw = encoder.device().setFormat(encoder.output().type(), source.width(), source.height(),
                    source.pixelFormat());
            if (!raw.pixelFormat().equals(source.pixelFormat()) || raw.width() != source.width()
                    || raw.height() != source.height()) {
                throw new V4l2Exception("the encoder does not take " + source.describe() + " from " + camera.device().path()
                        + " (it chose " + raw.describe() + ")", encoderPath, "VIDIOC_S_FMT");
            }
            Format coded = encoder.device().format(encoder.capture().type());
            encoder.device().subscribe(EventType.EOS, 0, false);
            EncodeChain chain = new EncodeChain(camera, encoder, raw, coded);
            chain.importCamera(cameraBuffers);
            encoder.capture().allocate(captureMemory, captureCount, null);
            return chain;
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /**
     * Lets go of the camera's buffers so that the camera can swap its memory: stops the camera,
     * streams the encoder's OUTPUT off and frees its imports (REQBUFS 0), which drops the
     * encoder's references to the camera's dma-bufs. The encoder's CAPTURE and its state stay.
     * Then free the camera's buffers, allocate new ones and {@link #rebind} them.
     */
    public void detachCamera() {
        if (served) {
            encoder.unserve(camera);
            served = false;
        }
        camera.streamOff();
        encoder.output().streamOff();
        encoder.output().free();
        imported = null;
        dmabufs.clear();
    }

    /**
     * Takes the camera's new buffers after {@link #detachCamera} and a swap: the same format,
     * MMAP (each buffer exported anew) or DMABUF (each buffer's own dma-buf), imported by the
     * encoder's OUTPUT, still no copy. USERPTR memory is refused: there is no copying fallback.
     */
    public void rebind(Buffers<? extends PlaneHandle<?>> cameraBuffers) {
        if (imported != null) {
            throw new IllegalStateException(encoder.device().path() + ": detach the camera first");
        }
        Format now = camera.format();
        if (camera.buffers() != cameraBuffers || now == null || !now.describe().equals(raw.describe())) {
            throw new IllegalStateException(camera.device().path() + ": allocate the camera's buffers in "
                    + raw.describe() + " first");
        }
        importCamera(cameraBuffers);
    }

    /** Binds the camera's buffers and allocates as many DMABUF buffers on the encoder's OUTPUT to import them. */
    private void importCamera(Buffers<? extends PlaneHandle<?>> cameraBuffers) {
        dmabufs.bind(cameraBuffers);
        Buffers<PlaneHandle<DmaBuf>> again = encoder.output().allocate(DmaBuf.INSTANCE, camera.size());
        if (again.size() < camera.size()) {
            encoder.output().free();
            throw new V4l2Exception("the encoder gave " + again.size() + " OUTPUT buffers for the camera's "
                    + camera.size(), encoder.device().path(), Buffers.ALLOCATION_CALL);
        }
        imported = again;
    }

    /**
     * Asks for the camera's memory to change to {@code provider}'s (allocated from {@code source},
     * null: the provider's default) during the current or the next {@link #run}, from any thread;
     * see the class comment. The future completes with the new memory type once the camera
     * streams on it (the old provider's memory given back by then), or with the run's failure.
     *
     * @throws V4l2Exception for USERPTR memory, which the encoder cannot import
     * @throws IllegalStateException while another swap is pending
     */
    public synchronized CompletableFuture<MemoryType> swapCamera(MemoryProvider<?> provider, String source) {
        dmabufs.refuse(provider.memoryType());
        if (pending != null) {
            throw new IllegalStateException(camera.device().path() + ": a swap to " + pending.provider().memoryType()
                    + " is pending already");
        }
        Swap swap = new Swap(provider, source, new CompletableFuture<>());
        pending = swap;
        return swap.done();
    }

    /**
     * Allocates the camera's new buffers once neither the camera nor the encoder's OUTPUT holds one
     * of the old ones, binds and queues them; {@code stream}: the camera streams on again.
     */
    private void finishSwap(boolean stream) {
        Swap swap = swapping;
        swapping = null;
        try {
            camera.streamOff();
            camera.free();
            Buffers<?> next = camera.allocate(swap.provider(), imported.size(), swap.source());
            Format now = camera.format();
            if (!now.describe().equals(raw.describe()) || next.size() > imported.size()) {
                throw new V4l2Exception("the camera's new buffers (" + next.size() + ", " + now.describe()
                        + ") do not fit the encoder's " + imported.size() + " OUTPUT buffers of " + raw.describe(),
                        camera.device().path(), Buffers.ALLOCATION_CALL);
            }
            dmabufs.bind(next);
            for (int i = 0; i < camera.size(); i++) {
                camera.queue(i);
            }
            if (stream) {
                camera.streamOn();
            }
            swap.done().complete(next.memoryType());
        } catch (RuntimeException e) {
            swap.done().completeExceptionally(e);
            throw e;
        }
    }

    /** The raw format both the camera and the encoder's OUTPUT use. */
    public Format rawFormat() {
        return raw;
    }

    /** The encoder's CAPTURE format (the codec, e.g. FWHT, and the size of a coded buffer). */
    public Format codedFormat() {
        return coded;
    }

    public Mem2Mem encoder() {
        return encoder;
    }

    /** The camera's MMAP buffers exported as dma-bufs, by buffer index (none for DMABUF buffers). */
    public List<DmaBufFd> exports() {
        return dmabufs.exports();
    }

    /** The camera's buffers as dma-bufs, by buffer index: what the encoder's OUTPUT imports. */
    public List<DmaBufSource> cameraDmaBufs() {
        return dmabufs.sources();
    }

    /**
     * The dma-buf fd encoder OUTPUT buffer {@code index} was last queued with, read back from the
     * queue's own record of it (-1: never queued).
     */
    public int importedFd(int index) {
        BufferHandles held = encoder.output().frame(index).heldHandles();
        return held != null && held.plane(0) instanceof DmaBufHandle<?> d ? d.source().fd() : -1;
    }

    /**
     * Streams {@code frames} camera frames through the encoder, then drains it; {@code sink} gets
     * every encoded frame with data, {@code raw} (null: none) each camera frame before it goes to
     * the encoder. Fails when nothing moves for {@code stallMillis}.
     */
    public Result run(int frames, Sink raw, Sink sink, int stallMillis) {
        BufferQueue output = encoder.output(), capture = encoder.capture();
        if (imported == null) {
            throw new IllegalStateException(encoder.device().path() + ": the camera is detached; rebind it first");
        }
        if (capture.isDrained()) { // a second run: vicodec needs CAPTURE restarted after a drain
            encoder.start();
            capture.streamOff();
        }
        for (int i = 0; i < capture.size(); i++) {
            if (!capture.frame(i).isQueued()) {
                capture.queue(i);
            }
        }
        for (int i = 0; i < camera.size(); i++) {
            if (!camera.frame(i).isQueued() && !output.frame(i).isQueued()) {
                camera.queue(i);
            }
        }
        if (!served) {
            encoder.serve(camera);
            served = true;
        }
        if (!camera.isStreaming()) {
            camera.streamOn();
        }
        if (!output.isStreaming()) {
            output.streamOn();
        }
        if (!capture.isStreaming()) {
            capture.streamOn();
        }
        int fed = 0, encoded = 0, swaps = 0;
        long bytes = 0;
        boolean eos = false, stopped = false;
        long lastProgress = System.nanoTime();
        while (!capture.isDrained()) {
            if (swapping == null && pending != null) {
                swapping = takePending(); // from now on camera buffers are held, not requeued
            }
            int n = encoder.await(100);
            boolean progress = false;
            for (int r = 0; r < n; r++) {
                BufferQueue ready = encoder.ready(r);
                if (ready == capture && ready.takeEventPending()) {
                    for (org.v4j.api.Event e; (e = encoder.device().dequeueEvent()) != null; ) {
                        eos |= e.type() == EventType.EOS;
                    }
                }
                DeviceFrame frame = ready.dequeueReady();
                if (frame == null) {
                    continue;
                }
                progress = true;
                if (ready == camera) {
                    if (fed < frames && !frame.hasError()) {
                        if (raw != null) {
                            raw.accept(frame);
                        }
                        DeviceFrame in = output.frame(frame.index());
                        in.setBytesUsed(0, frame.bytesUsed(0));
                        imported.queue(frame.index(), dmabufs.handles(frame.index()));
                        fed++;
                    } else if (swapping == null) {
                        camera.queue(frame.index());
                    }
                    if (fed == frames && !stopped) {
                        encoder.stop();
                        stopped = true;
                    }
                } else if (ready == output && swapping == null) {
                    camera.queue(frame.index());
                } else if (ready == capture) {
                    if (frame.bytesUsed(0) > 0) {
                        encoded++;
                        bytes += frame.bytesUsed(0);
                        sink.accept(frame);
                    }
                    if (!frame.isLast()) {
                        capture.queue(frame.index());
                    }
                }
            }
            if (swapping != null && camera.queuedCount() == 0 && output.queuedCount() == 0) {
                finishSwap(true);
                swaps++;
            }
            if (progress) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallMillis * 1_000_000L) {
                throw new V4l2Exception("the chain stalled: nothing moved for " + stallMillis + " ms after " + fed
                        + " frames fed, " + encoded + " encoded", encoder.device().path(), "epoll_wait");
            }
        }
        for (org.v4j.api.Event e; (e = encoder.device().dequeueEvent()) != null; ) {
            eos |= e.type() == EventType.EOS;
        }
        if (swapping == null && pending != null) {
            swapping = takePending();
        }
        if (swapping != null) { // asked for near the end: the encoder is drained, the camera's queued buffers are unfed
            if (output.queuedCount() > 0) {
                output.streamOff();
            }
            finishSwap(false);
            swaps++;
        }
        return new Result(fed, encoded, bytes, eos, capture.isDrained(), swaps);
    }

    private synchronized Swap takePending() {
        Swap swap = pending;
        pending = null;
        return swap;
    }

    /**
     * Stops the camera and the encoder, frees the encoder's buffers and closes it. The camera's
     * buffers stay allocated (the caller frees them, which closes the exports). Idempotent.
     */
    @Override
    public void close() {
        Swap left = takePending();
        if (left != null) {
            left.done().completeExceptionally(new IllegalStateException(encoder.device().path() + ": the chain closed"));
        }
        RuntimeException failure = null;
        if (served) {
            failure = Attempts.run(failure, () -> encoder.unserve(camera));
            served = false;
        }
        failure = Attempts.run(failure, camera::streamOff);
        failure = Attempts.run(failure, encoder::close);
        if (failure != null) {
            throw failure;
        }
    }
}
