package org.v4j.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.v4j.api.BufferType;
import org.v4j.api.Capability;
import org.v4j.ioctl.DeviceFd;

/**
 * One {@link Poller} serving the OUTPUT and the CAPTURE queue of one fd, as for a
 * memory-to-memory node, on the host: a FIFO opened read-write stands in for the node, so the
 * test controls readiness (writable: POLLOUT while the pipe is not full; readable: POLLIN once a
 * byte is in it). Each queue must see only its own readiness, and only while it waits for buffers.
 * (A FIFO never raises POLLPRI or POLLHUP: events and removal stay with the guest tests.)
 */
class PollerTwoQueuesTest {
    /** Linux's default pipe capacity: writing this much into an empty pipe fills it. */
    private static final int PIPE_CAPACITY = 65536;

    @TempDir
    Path dir;
    private Device device;
    private BufferQueue output, capture;
    private Poller poller;
    private FileOutputStream writer;
    private String path;

    @BeforeEach
    void node() throws IOException, InterruptedException {
        path = dir.resolve("m2m-node").toString();
        Process mkfifo = new ProcessBuilder("mkfifo", path).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
        device = Device.overFd(DeviceFd.open(path), new Capability("fake-m2m", "fifo", "host", 0, 0, 0, Set.of()));
        output = device.queue(BufferType.VIDEO_OUTPUT);
        capture = device.queue(BufferType.VIDEO_CAPTURE);
        poller = Poller.open("test poller");
        poller.add(output);
        poller.add(capture);
        writer = new FileOutputStream(path); // does not block: the device's fd is a reader
    }

    @AfterEach
    void close() throws IOException {
        output.assumeDriverOwns(0);
        capture.assumeDriverOwns(0);
        writer.close();
        poller.close();
        device.close();
    }

    private Set<BufferQueue> ready(int timeoutMillis) {
        int n = poller.await(timeoutMillis);
        Set<BufferQueue> ready = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ready.add(poller.ready(i));
        }
        assertEquals(n, ready.size(), "a queue was reported twice");
        return ready;
    }

    @Test
    void writableIsOutputsAndReadableIsCaptures() throws IOException {
        output.assumeDriverOwns(2);
        capture.assumeDriverOwns(2);
        assertEquals(Set.of(output), ready(1000), "empty pipe: POLLOUT only");
        writer.write(1);
        assertEquals(Set.of(output, capture), ready(1000), "a byte in: POLLIN and POLLOUT");
        writer.write(new byte[PIPE_CAPACITY - 1]);
        assertEquals(Set.of(capture), ready(1000), "full pipe: POLLIN only");
        try (FileInputStream reader = new FileInputStream(path)) {
            assertEquals(PIPE_CAPACITY, reader.readNBytes(PIPE_CAPACITY).length);
        }
        assertEquals(Set.of(output), ready(1000), "emptied: POLLOUT only again");
    }

    @Test
    void aQueueWithNoBufferQueuedIsNotToldOfReadiness() throws IOException {
        writer.write(1); // readable and writable from here on
        assertEquals(Set.of(), ready(50), "neither queue has buffers queued: only POLLPRI is asked");
        capture.assumeDriverOwns(1);
        assertEquals(Set.of(capture), ready(1000));
        capture.assumeDriverOwns(0);
        output.assumeDriverOwns(1);
        assertEquals(Set.of(output), ready(1000));
        output.assumeDriverOwns(0);
        assertEquals(Set.of(), ready(50), "re-armed for POLLPRI alone");
    }

    @Test
    void removingOneQueueKeepsTheOtherServed() throws IOException {
        output.assumeDriverOwns(1);
        capture.assumeDriverOwns(1);
        poller.remove(output);
        assertEquals(Set.of(), ready(50), "empty pipe: only the removed OUTPUT would be ready");
        writer.write(1);
        assertEquals(Set.of(capture), ready(1000));
        poller.add(output); // the node's entry is shared again, not added twice (EEXIST)
        assertEquals(Set.of(output, capture), ready(1000));
    }

    @Test
    void aThirdQueueOnTheSameFdIsRefused() {
        BufferQueue third = device.queue(BufferType.VIDEO_CAPTURE_MPLANE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> poller.add(third));
        assertEquals(path + ": two queues are already served", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> poller.add(capture));
    }
}
