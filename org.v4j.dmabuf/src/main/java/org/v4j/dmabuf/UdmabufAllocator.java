package org.v4j.dmabuf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.osgi.service.component.annotations.Component;
import org.v4j.api.memory.DmaBufAllocator;
import org.v4j.api.memory.DmaBufFd;
import org.v4j.device.OwnedDmaBuf;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.DmaBufIoctls;
import org.v4j.ioctl.Memfd;
import org.v4j.ioctl.Syscalls;
import org.v4j.ioctl.UdmabufCreate;

/**
 * dma-bufs made from process memory: a memfd, sealed against shrinking, turned into a dma-buf by
 * {@code /dev/udmabuf}. The memfd and /dev/udmabuf are closed at once; the dma-buf keeps its pages.
 */
@Component(property = DmaBufAllocator.SOURCE + "=udmabuf")
public final class UdmabufAllocator implements DmaBufAllocator {
    static final String UDMABUF = "/dev/udmabuf";

    @Override
    public DmaBufFd allocate(long size) {
        long length = Syscalls.pageAlign(size);
        try (DeviceFd udmabuf = DeviceFd.open(UDMABUF);
                DeviceFd memfd = DeviceFd.adopt(
                Memfd.create("v4j-udmabuf", Memfd.MFD_ALLOW_SEALING | Memfd.MFD_CLOEXEC), "memfd v4j-udmabuf");
                Arena call = Arena.ofConfined()) {
            Memfd.ftruncate(memfd.fd(), memfd.path(), length);
            Memfd.fcntl(memfd.fd(), memfd.path(), Memfd.F_ADD_SEALS, Memfd.F_SEAL_SHRINK);
            MemorySegment create = call.allocate(UdmabufCreate.LAYOUT);
            UdmabufCreate.MEMFD.set(create, memfd.fd());
            UdmabufCreate.FLAGS.set(create, UdmabufCreate.FLAGS_CLOEXEC);
            UdmabufCreate.OFFSET.set(create, 0L);
            UdmabufCreate.SIZE.set(create, length);
            int fd = DmaBufIoctls.udmabufCreate(udmabuf, create);
            return new OwnedDmaBuf(DeviceFd.adopt(fd, "dma-buf from " + UDMABUF), length);
        }
    }
}
