package org.v4j.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A V4L2 device node that is present now: the discovery bundle registers one service per node,
 * with what VIDIOC_QUERYCAP says as service properties, and unregisters it when the node goes
 * away (device unplugged, driver unbound). Consumers filter on the properties, for example
 * {@code (&(v4j.device.driver=uvcvideo)(v4j.device.capabilities=VIDEO_CAPTURE))}.
 */
@ProviderType
public interface DeviceNode {
    /** Service property: the node's path, {@code /dev/video0}. */
    String PATH = "v4j.device.path";
    /** Service properties: QUERYCAP's driver, card and bus_info strings. */
    String DRIVER = "v4j.device.driver", CARD = "v4j.device.card", BUS_INFO = "v4j.device.bus_info";
    /** Service property: the node's device_caps as an Integer. */
    String CAPS = "v4j.device.caps";
    /** Service property: the names of the node's capabilities ({@code VIDEO_CAPTURE}, {@code STREAMING}...). */
    String CAPABILITIES = "v4j.device.capabilities";

    String path();

    Capability capability();
}
