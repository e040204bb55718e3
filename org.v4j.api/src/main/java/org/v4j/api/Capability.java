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

    /** The kernel version the driver reports, as {@code 6.12.117}. */
    public String versionString() {
        return (version >>> 16) + "." + ((version >>> 8) & 0xff) + "." + (version & 0xff);
    }
}
