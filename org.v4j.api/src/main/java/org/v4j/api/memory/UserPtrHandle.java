package org.v4j.api.memory;

import java.lang.foreign.MemorySegment;

/**
 * A plane backed by process memory, passed to the driver by address (USERPTR). A segment always
 * knows its size, so no unallocated range can reach the kernel; the provider keeps it alive
 * until the driver has given the buffer back.
 *
 * @param segment the plane's memory, page-aligned for most drivers
 */
public record UserPtrHandle(MemorySegment segment) implements PlaneHandle<UserPtr>, Mappable {
    public UserPtrHandle {
        if (segment.isReadOnly() || !segment.isNative()) {
            throw new IllegalArgumentException("USERPTR memory must be writable native memory: " + segment);
        }
    }

    @Override
    public UserPtr memory() {
        return UserPtr.INSTANCE;
    }

    @Override
    public long length() {
        return segment.byteSize();
    }

    @Override
    public MemorySegment mapping() {
        return segment;
    }
}
