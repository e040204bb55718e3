package org.v4j.itest;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.v4j.api.BufferType;
import org.v4j.api.EventType;
import org.v4j.api.MemoryProvider;
import org.v4j.api.PixelFormat;
import org.v4j.api.V4l2Exception;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.MmapHandle;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.memory.PlaneRequest;
import org.v4j.api.memory.PrimitiveBufferHandles;
import org.v4j.api.memory.UserPtr;
import org.v4j.api.memory.UserPtrHandle;
import org.v4j.device.BufferQueue;
import org.v4j.device.Buffers;
import org.v4j.device.Device;
import org.v4j.device.DeviceFrame;
import org.v4j.mmap.MmapMemoryProvider;

/**
 * Public calls made in the wrong order, from the wrong thread, on closed objects, run in a JVM of
 * their own ({@link MisuseGuestIT} forks it) so that a crash fails the test instead of ending the
 * run. Each case prints {@code ok NAME: what was thrown} or {@code FAIL NAME: why}; the exit code
 * is the number of failures.
 */
public final class MisuseCases {
    interface Case {
        String run(String path) throws Exception;
    }

    private static final List<String> failures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String path = args.length > 0 ? args[0] : "/dev/video0";
        check("close wakes a dequeue while the application holds every buffer", path, MisuseCases::closeWakesDequeue);
        check("close wakes awaitEvent", path, MisuseCases::closeWakesAwaitEvent);
        check("a second thread dequeuing is refused, naming the first", path, MisuseCases::secondDequeuerRefused);
        check("calls after close say the device is closed", path, MisuseCases::callsAfterClose);
        check("a handle of another buffer is refused", path, MisuseCases::foreignHandleRefused);
        check("imported memory that is freed, misaligned, in use twice or a bogus dma-buf is refused", path,
                MisuseCases::badImportsRefused);
        check("views confined to the queue's thread: others cannot read, queue or close under them", path,
                MisuseCases::confinedViews);
        check("a plane request kept for later or made up maps no driver memory", path, MisuseCases::madeUpRequestsMapNothing);
        check("a withPlane view dies with its call, and nobody queues, frees or closes under it", path, MisuseCases::withPlaneViews);
        System.out.println(failures.isEmpty() ? "all cases passed" : failures.size() + " failed: " + failures);
        System.exit(failures.size());
    }

    private static void check(String name, String path, Case c) {
        try {
            System.out.println("ok   " + name + ": " + c.run(path));
        } catch (Throwable t) {
            failures.add(name);
            System.out.println("FAIL " + name + ": " + t);
            t.printStackTrace(System.out);
        }
    }

    /** A streaming USERPTR queue of two buffers, both dequeued: the application holds every buffer. */
    private static BufferQueue holdingEveryBuffer(Device device, Arena memory, List<DeviceFrame> held) {
        device.setFormat(BufferType.VIDEO_CAPTURE, 320, 180, PixelFormat.YUYV);
        BufferQueue queue = device.queue(BufferType.VIDEO_CAPTURE);
        Buffers<PlaneHandle<UserPtr>> buffers = queue.allocate(UserPtr.INSTANCE, 2);
        long size = queue.format().planes().get(0).sizeImage();
        for (int i = 0; i < buffers.size(); i++) {
            buffers.queue(i, new PrimitiveBufferHandles<>(UserPtr.INSTANCE,
                    List.of(new UserPtrHandle(memory.allocate(size, 4096)))));
        }
        queue.streamOn();
        while (held.size() < buffers.size()) {
            DeviceFrame frame = queue.dequeue(5000);
            if (frame == null) {
                throw new AssertionError("no frame in 5 s");
            }
            held.add(frame);
        }
        return queue;
    }

    /**
     * The MMAP provider (a public service) asked for a plane outside the allocation: with the
     * allocation's own request once it has been served, and with an equal one made up. Neither
     * maps anything; during the allocation the capture mappings it made were read-only.
     */
    private static String madeUpRequestsMapNothing(String path) {
        try (Device device = Device.open(path)) {
            device.setFormat(BufferType.VIDEO_CAPTURE, 320, 180, PixelFormat.YUYV);
            BufferQueue queue = device.queue(BufferType.VIDEO_CAPTURE);
            MmapMemoryProvider mmap = new MmapMemoryProvider();
            List<PlaneRequest> asked = new ArrayList<>();
            List<Boolean> readOnly = new ArrayList<>();
            queue.allocate(new MemoryProvider<MmapHandle>() {
                @Override
                public MemoryType memoryType() {
                    return MemoryType.MMAP;
                }

                @Override
                public MmapHandle supply(PlaneRequest request) {
                    asked.add(request);
                    MmapHandle handle = mmap.supply(request);
                    readOnly.add(handle.mapping().isReadOnly());
                    return handle;
                }

                @Override
                public void giveBack(MmapHandle handle) {
                    mmap.giveBack(handle);
                }
            }, 2, null);
            expect(readOnly.equals(List.of(true, true)), "capture mappings read-only: " + readOnly);
            PlaneRequest kept = asked.getFirst();
            PlaneRequest madeUp = new PlaneRequest(kept.allocation(), 0, 0, kept.length(), kept.offset());
            for (PlaneRequest request : List.of(kept, madeUp)) {
                IllegalStateException e = expectThrows(IllegalStateException.class, () -> mmap.supply(request));
                expect(e.getMessage().startsWith(path + ": not mapped: ") && e.getMessage().contains("not the plane being supplied"),
                        e.getMessage());
            }
            return "read-only while supplied; later: " + expectThrows(IllegalStateException.class, () -> mmap.supply(kept)).getMessage();
        }
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static String closeWakesDequeue(String path) throws Exception {
        try (Arena memory = Arena.ofShared()) {
            Device device = Device.open(path);
            List<DeviceFrame> held = new ArrayList<>();
            BufferQueue queue = holdingEveryBuffer(device, memory, held);
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
                waiting.countDown();
                try {
                    queue.dequeue(-1);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            waiting.await();
            Thread.sleep(300); // into epoll_wait
            long start = System.nanoTime();
            device.close();
            Throwable woke = waiter.get(5, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            expect(woke instanceof V4l2Exception, "the waiter got " + woke);
            expect(woke.getMessage().equals("device closed: " + path + " (VIDIOC_DQBUF)"), woke.getMessage());
            IllegalStateException view = expectThrows(IllegalStateException.class, () -> held.get(0).plane(0));
            expect(view.getMessage().contains(path), "a held frame after close: " + view.getMessage());
            return woke.getMessage() + " after " + millis + " ms; a held frame then: " + view.getMessage();
        }
    }

    private static String closeWakesAwaitEvent(String path) throws Exception {
        Device device = Device.open(path);
        device.subscribe(EventType.SOURCE_CHANGE, 0, false);
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return new AssertionError("awaitEvent returned " + device.awaitEvent(-1));
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(300);
        device.close();
        Throwable woke = waiter.get(5, TimeUnit.SECONDS);
        expect(woke instanceof V4l2Exception && woke.getMessage().equals("device closed: " + path + " (VIDIOC_DQEVENT)"),
                "the waiter got " + woke);
        return woke.getMessage();
    }

    private static String secondDequeuerRefused(String path) throws Exception {
        try (Arena memory = Arena.ofShared(); Device device = Device.open(path)) {
            List<DeviceFrame> held = new ArrayList<>();
            BufferQueue queue = holdingEveryBuffer(device, memory, held);
            Thread first = new Thread(() -> queue.dequeue(-1), "first dequeuer");
            first.start();
            Thread.sleep(300);
            IllegalStateException second = expectThrows(IllegalStateException.class, () -> queue.dequeue(0));
            expect(second.getMessage().equals(path + " VIDEO_CAPTURE: thread 'first dequeuer' already waits on this queue;"
                    + " one thread at a time dequeues it"), second.getMessage());
            queue.wakeup();
            first.join(5000);
            expect(!first.isAlive(), "the first dequeuer woke up");
            held.forEach(DeviceFrame::release);
            return second.getMessage();
        }
    }

    private static String callsAfterClose(String path) throws Exception {
        BufferQueue queue;
        try (Arena memory = Arena.ofShared()) {
            Device device = Device.open(path);
            queue = holdingEveryBuffer(device, memory, new ArrayList<>());
            device.close();
            device.close(); // idempotent
            V4l2Exception requeue = expectThrows(V4l2Exception.class, () -> queue.queue(0));
            expect(requeue.getMessage().equals("device closed: " + path + " (buffer 0)"), requeue.getMessage());
            V4l2Exception format = expectThrows(V4l2Exception.class, () -> device.format(BufferType.VIDEO_CAPTURE));
            expect(format.getMessage().equals("already closed: " + path + " (VIDIOC_G_FMT: EBADF)"), format.getMessage());
            V4l2Exception again = expectThrows(V4l2Exception.class, () -> device.queue(BufferType.VIDEO_CAPTURE));
            return requeue.getMessage() + "; " + format.getMessage() + "; " + again.getMessage();
        }
    }

    private static String foreignHandleRefused(String path) throws Exception {
        try (Device device = Device.open(path)) {
            device.setFormat(BufferType.VIDEO_CAPTURE, 320, 180, PixelFormat.YUYV);
            BufferQueue queue = device.queue(BufferType.VIDEO_CAPTURE);
            Buffers<UserPtrHandle> buffers = queue.allocate(new org.v4j.userptr.UserPtrMemoryProvider(), 2, null);
            // the provider's handles of buffer 1 are reachable only by asking the provider again: make one of our own
            try (Arena memory = Arena.ofConfined()) {
                var other = new PrimitiveBufferHandles<>(UserPtr.INSTANCE, List.of(new UserPtrHandle(
                        memory.allocate(queue.format().planes().get(0).sizeImage(), 4096))));
                IllegalArgumentException foreign = expectThrows(IllegalArgumentException.class,
                        () -> buffers.queue(0, other));
                expect(foreign.getMessage().startsWith(path + ": plane 0 of buffer 0: not the handle "), foreign.getMessage());
                expect(!queue.frame(0).isQueued(), "refused before QBUF");
                queue.queue(0); // its own handles still work
                expect(queue.frame(0).isQueued(), "queued with its own handles");
                return foreign.getMessage();
            }
        }
    }

    private static String badImportsRefused(String path) throws Exception {
        List<String> said = new ArrayList<>();
        try (Device device = Device.open(path); Arena memory = Arena.ofShared()) {
            device.setFormat(BufferType.VIDEO_CAPTURE, 320, 180, PixelFormat.YUYV);
            BufferQueue queue = device.queue(BufferType.VIDEO_CAPTURE);
            Buffers<PlaneHandle<UserPtr>> buffers = queue.allocate(UserPtr.INSTANCE, 2);
            long size = queue.format().planes().get(0).sizeImage();
            Arena closed = Arena.ofConfined();
            var freed = one(new UserPtrHandle(closed.allocate(size, 4096)));
            closed.close();
            said.add(expectThrows(IllegalArgumentException.class, () -> buffers.queue(0, freed)).getMessage());
            expect(said.getLast().equals(path + ": buffer 0 plane 0: USERPTR memory that was freed (its arena is closed)"),
                    said.getLast());
            var misaligned = one(new UserPtrHandle(memory.allocate(size + 4096, 4096).asSlice(8, size)));
            said.add(expectThrows(IllegalArgumentException.class, () -> buffers.queue(0, misaligned)).getMessage());
            expect(said.getLast().contains("is not page-aligned"), said.getLast());
            var shared = one(new UserPtrHandle(memory.allocate(size, 4096)));
            buffers.queue(0, shared);
            said.add(expectThrows(IllegalArgumentException.class, () -> buffers.queue(1, shared)).getMessage());
            expect(said.getLast().equals(path + ": buffer 1 plane 0: its USERPTR memory is queued on buffer 0 plane 0"
                    + " already"), said.getLast());
            queue.free();
            Buffers<PlaneHandle<org.v4j.api.memory.DmaBuf>> dmabufs = queue.allocate(org.v4j.api.memory.DmaBuf.INSTANCE, 2);
            try (org.v4j.ioctl.DeviceFd devNull = org.v4j.ioctl.DeviceFd.open("/dev/null")) {
                org.v4j.api.memory.DmaBufSource bogus = new org.v4j.api.memory.DmaBufSource() {
                    public int fd() {
                        return devNull.fd();
                    }

                    public long length() {
                        return size;
                    }
                };
                var handles = new PrimitiveBufferHandles<>(org.v4j.api.memory.DmaBuf.INSTANCE,
                        List.of(new org.v4j.api.memory.DmaBufHandle<>(bogus, null)));
                said.add(expectThrows(IllegalArgumentException.class, () -> dmabufs.queue(0, handles)).getMessage());
                expect(said.getLast().equals(path + ": buffer 0 plane 0: dma-buf fd " + devNull.fd() + " holds 0 bytes,"
                        + " not the " + size + " its source claims"), said.getLast());
            }
        }
        return String.join("; ", said);
    }

    /**
     * A thread that confined the queue's views holds a view: another thread can neither read it,
     * nor queue its buffer, nor close the device under it while that thread is busy; once that thread
     * waits, a close from another thread ends its wait, and the view dies with it.
     */
    private static String confinedViews(String path) throws Exception {
        try (Arena memory = Arena.ofShared();
                var owner = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "owner"))) {
            Device device = Device.open(path);
            List<DeviceFrame> held = new ArrayList<>();
            java.lang.foreign.MemorySegment view = owner.submit(() -> {
                BufferQueue queue = device.queue(BufferType.VIDEO_CAPTURE);
                queue.confineViews();
                holdingEveryBuffer(device, memory, held);
                java.lang.foreign.MemorySegment plane = held.get(0).plane(0);
                plane.get(java.lang.foreign.ValueLayout.JAVA_BYTE, plane.byteSize() - 1); // the owner reads it
                return plane;
            }).get(10, TimeUnit.SECONDS);
            List<String> said = new ArrayList<>();
            expectThrows(WrongThreadException.class, () -> view.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            String confined = path + ": buffer 0 has views confined to thread 'owner': only that thread can queue or free it";
            BufferQueue queue = device.queue(BufferType.VIDEO_CAPTURE);
            String refused = expectThrows(IllegalStateException.class, () -> queue.queue(0)).getMessage();
            expect(refused.equals(confined), refused);
            said.add(refused);
            String notClosed = expectThrows(IllegalStateException.class, device::close).getMessage();
            expect(notClosed.equals(path + ": not closed: " + confined), notClosed);
            said.add(notClosed);
            expect(queue.isStreaming() && !held.get(0).isQueued(), "a refused close changed nothing");
            var waiting = owner.submit(() -> {
                int woken = 0;
                try {
                    while (queue.dequeue(-1) == null) { // every buffer is held: only a close ends this wait
                        woken++; // a wakeup the refused close left behind (it takes it back: none expected)
                    }
                    return "dequeue returned a frame";
                } catch (V4l2Exception e) {
                    if (woken > 0) {
                        return "the refused close left " + woken + " wakeup(s); then " + e.getMessage();
                    }
                    try {
                        view.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
                        return "the view still reads after " + e.getMessage();
                    } catch (IllegalStateException dead) {
                        return e.getMessage() + "; then the view: " + dead.getMessage();
                    }
                }
            });
            for (int tries = 0; ; tries++) { // closes only once the owner waits, and so can end its own views
                Thread.sleep(100);
                try {
                    device.close();
                    break;
                } catch (IllegalStateException notYet) {
                    expect(tries < 50 && !waiting.isDone(), "the owner never reached its wait: " + notYet.getMessage());
                }
            }
            String woke = waiting.get(5, TimeUnit.SECONDS);
            expect(woke.equals("device closed: " + path + " (VIDIOC_DQBUF); then the view: Already closed"), woke);
            said.add(woke);
            return String.join("; ", said);
        }
    }

    private static String withPlaneViews(String path) throws Exception {
        try (Arena memory = Arena.ofShared();
                var owner = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "owner"))) {
            Device device = Device.open(path);
            List<DeviceFrame> held = new ArrayList<>();
            List<String> said = new ArrayList<>();
            java.lang.foreign.MemorySegment[] kept = new java.lang.foreign.MemorySegment[1];
            String inside = path + ": buffer 0 is being read in withPlane: queue or free it after the call returns";
            String fromOther = path + ": not closed: " + path
                    + ": buffer 0 is being read in withPlane on thread 'owner': only after that call can it be queued or freed";
            owner.submit(() -> {
                BufferQueue queue = device.queue(BufferType.VIDEO_CAPTURE);
                queue.confineViews();
                holdingEveryBuffer(device, memory, held);
                held.get(0).withPlane(0, view -> {
                    view.get(java.lang.foreign.ValueLayout.JAVA_BYTE, view.byteSize() - 1);
                    kept[0] = view;
                    String queued = expectThrows(IllegalStateException.class, () -> queue.queue(0)).getMessage();
                    expect(queued.equals(inside), queued);
                    said.add(queued);
                    String freed = expectThrows(IllegalStateException.class, queue::free).getMessage();
                    expect(freed.equals(inside + " (buffers not freed)"), freed);
                    String closed;
                    try {
                        closed = CompletableFuture.supplyAsync(() -> expectThrows(IllegalStateException.class, device::close)
                                .getMessage()).get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    expect(closed.equals(fromOther), closed);
                    said.add(closed);
                    expectThrows(IllegalArgumentException.class, () -> view.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1)); // read-only
                });
                return null;
            }).get(10, TimeUnit.SECONDS);
            String dead = owner.submit(() -> expectThrows(IllegalStateException.class,
                    () -> kept[0].get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).getMessage()).get(5, TimeUnit.SECONDS);
            expect(dead.equals("Already closed"), dead);
            said.add("kept past the call: " + dead);
            owner.submit(() -> {
                device.queue(BufferType.VIDEO_CAPTURE).queue(0); // after the call returned: allowed
                String queued = expectThrows(IllegalStateException.class, () -> held.get(0).withPlane(0, view -> { }))
                        .getMessage();
                expect(queued.equals(path + ": buffer 0 is queued: the driver owns its memory"), queued);
                said.add(queued);
                device.close();
                return null;
            }).get(10, TimeUnit.SECONDS);
            return String.join("; ", said);
        }
    }

    private static PrimitiveBufferHandles<UserPtr, UserPtrHandle> one(UserPtrHandle handle) {
        return new PrimitiveBufferHandles<>(UserPtr.INSTANCE, List.of(handle));
    }

    private static <T extends Throwable> T expectThrows(Class<T> type, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + t, t);
        }
        throw new AssertionError("expected " + type.getSimpleName() + ", nothing thrown");
    }
}
