package org.v4j.api;

import java.util.List;
import java.util.Set;

/**
 * What VIDIOC_QUERYCAP reports about a node.
 *
 * @param capabilities the whole physical device's capability bits, as the kernel gives them (for display)
 * @param deviceCaps   this node's capability bits, as the kernel gives them (for display)
 * @param flags        this node's capabilities that v4j knows: what v4j checks
 */
public record Capability(String driver, String card, String busInfo, int version, int capabilities, int deviceCaps,
        Set<CapabilityFlag> flags) {
    public Capability {
        flags = Set.copyOf(flags);
    }

    /** Whether this node has every one of {@code all}. */
    public boolean has(CapabilityFlag... all) {
        return flags.containsAll(List.of(all));
    }

    /** The names of this node's capabilities, in spec order, as the {@link DeviceNode#CAPABILITIES} property lists them. */
    public List<String> names() {
        return flags.stream().sorted().map(CapabilityFlag::name).toList();
    }

    /** The kernel version the driver reports, as {@code 6.12.117}. */
    public String versionString() {
        return (version >>> 16) + "." + ((version >>> 8) & 0xff) + "." + (version & 0xff);
    }
}
