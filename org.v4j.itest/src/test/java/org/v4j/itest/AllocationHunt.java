package org.v4j.itest;

import java.util.List;
import org.v4j.api.BufferType;
import org.v4j.api.PixelFormat;
import org.v4j.device.BufferQueue;
import org.v4j.device.Device;
import org.v4j.device.DeviceFrame;

/**
 * A raw QBUF/DQBUF loop of MMAP buffers for N frames without touching the planes: run it with
 * {@code -XX:-UseTLAB} and JFR's ObjectAllocationOutsideTLAB event to find what allocates per
 * frame (see DEVELOPERS.md). Prints the streaming thread's allocated bytes over the last half.
 */
public final class AllocationHunt {
    public static void main(String[] args) throws Exception {
        String path = args.length > 0 ? args[0] : "/dev/video0";
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (Device device = Device.open(path)) {
            device.setFormat(BufferType.VIDEO_CAPTURE, 320, 180, PixelFormat.YUYV);
            BufferQueue queue = device.queue(BufferType.VIDEO_CAPTURE);
            queue.allocate(new org.v4j.mmap.MmapMemoryProvider(), 4, null);
            for (int i = 0; i < queue.size(); i++) {
                queue.queue(i);
            }
            queue.streamOn();
            long before = 0;
            for (int n = 0; n < frames; n++) {
                if (n == frames / 2) {
                    before = bean.getCurrentThreadAllocatedBytes();
                }
                DeviceFrame frame = queue.dequeue(2000);
                if (frame != null) {
                    queue.queue(frame.index());
                }
            }
            long after = bean.getCurrentThreadAllocatedBytes();
            System.out.println("allocated over the last " + (frames - frames / 2) + " frames: " + (after - before) + " bytes");
        }
    }
}
