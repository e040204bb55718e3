package org.v4j.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The memory-to-memory nodes vm/run loads after vivid (vim2m, vicodec's stateful-encoder,
 * stateful-decoder), found by their sysfs name: their numbers follow vivid's, which depend on
 * VIVID_PARAMS.
 */
final class M2mNodes {
    static final String VIM2M = "vim2m", ENCODER = "stateful-encoder", DECODER = "stateful-decoder";

    private M2mNodes() {}

    /** {@code /dev/videoN} whose {@code /sys/class/video4linux/videoN/name} is {@code name}. */
    static String node(String name) throws IOException {
        try (Stream<Path> nodes = Files.list(Path.of("/sys/class/video4linux"))) {
            for (Path node : nodes.sorted().toList()) {
                if (Files.readString(node.resolve("name")).strip().equals(name)) {
                    return "/dev/" + node.getFileName();
                }
            }
        }
        throw new AssertionError("no V4L2 node named '" + name + "' (vim2m/vicodec not loaded? see vm/m2m-modules)");
    }
}
