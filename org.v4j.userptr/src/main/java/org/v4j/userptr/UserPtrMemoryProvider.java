package org.v4j.userptr;

import java.lang.foreign.Arena;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneRequest;
import org.v4j.api.memory.UserPtrHandle;
import org.v4j.ioctl.Syscalls;

/**
 * The USERPTR memory provider: one page-aligned block of process memory per plane, at least the
 * plane's sizeimage, allocated once and reused for every QBUF. The device layer gives it back only
 * after the driver let go of it (streaming stopped, the buffers freed), so the kernel never writes freed memory.
 */
@Component(service = MemoryProvider.class, property = MemoryProvider.MEMORY_TYPE + "=USERPTR")
public final class UserPtrMemoryProvider implements MemoryProvider<UserPtrHandle> {
    private final Map<UserPtrHandle, Arena> blocks = new ConcurrentHashMap<>();

    @Override
    public MemoryType memoryType() {
        return MemoryType.USERPTR;
    }

    @Override
    public UserPtrHandle supply(PlaneRequest request) {
        if (request.allocation().source() != null) {
            throw new IllegalArgumentException("USERPTR memory is the process's own: no source '"
                    + request.allocation().source() + "'");
        }
        Arena arena = Arena.ofShared();
        try {
            UserPtrHandle handle = new UserPtrHandle(arena.allocate(Syscalls.pageAlign(request.length()), Syscalls.PAGE_SIZE));
            blocks.put(handle, arena);
            return handle;
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public void giveBack(UserPtrHandle handle) {
        Arena arena = blocks.remove(handle);
        if (arena == null) {
            throw new IllegalArgumentException("not memory of this provider: " + handle);
        }
        arena.close();
    }
}
