package org.v4j.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.v4j.api.PlaneFormat;
import org.v4j.api.memory.Allocation;
import org.v4j.api.memory.PlaneRequest;

/** The fake queue's allocation: a capture queue with no driver memory behind it. */
record FakeAllocation(long id, String device, boolean capture, int buffers, List<PlaneFormat> planes, int width,
        String source) implements Allocation {
    @Override
    public MemorySegment map(PlaneRequest request, Arena arena) {
        throw new IllegalStateException(device + ": the fake queue has no driver memory to map");
    }
}
