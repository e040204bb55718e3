package org.v4j.api;

/**
 * What VIDIOC_QUERYCAP reports about a node.
 *
 * @param capabilities the whole physical device's capabilities
 * @param deviceCaps   this node's capabilities (what v4j checks)
 */
public record Capability(String driver, String card, String busInfo, int version, int capabilities, int deviceCaps) {
    public static final int VIDEO_CAPTURE = 0x1, VIDEO_OUTPUT = 0x2, VIDEO_CAPTURE_MPLANE = 0x1000,
            VIDEO_OUTPUT_MPLANE = 0x2000, VIDEO_M2M_MPLANE = 0x4000, VIDEO_M2M = 0x8000, READWRITE = 0x01000000,
            STREAMING = 0x04000000, DEVICE_CAPS = 0x80000000;

    /** Whether this node has every capability bit in {@code flags}. */
    public boolean has(int flags) {
        return (deviceCaps & flags) == flags;
    }

    /** The names of this node's capability bits that v4j knows, as the {@link DeviceNode#CAPABILITIES} property lists them. */
    public java.util.List<String> names() {
        java.util.List<String> names = new java.util.ArrayList<>();
        String[] known = {"VIDEO_CAPTURE", "VIDEO_OUTPUT", "VIDEO_CAPTURE_MPLANE", "VIDEO_OUTPUT_MPLANE", "VIDEO_M2M_MPLANE",
                "VIDEO_M2M", "READWRITE", "STREAMING"};
        int[] bits = {VIDEO_CAPTURE, VIDEO_OUTPUT, VIDEO_CAPTURE_MPLANE, VIDEO_OUTPUT_MPLANE, VIDEO_M2M_MPLANE, VIDEO_M2M,
                READWRITE, STREAMING};
        for (int i = 0; i < bits.length; i++) {
            if (has(bits[i])) {
                names.add(known[i]);
            }
        }
        return names;
    }

    /** The kernel version the driver reports, as {@code 6.12.117}. */
    public String versionString() {
        return (version >>> 16) + "." + ((version >>> 8) & 0xff) + "." + (version & 0xff);
    }
}
