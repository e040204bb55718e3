package org.v4j.api;

import java.util.Set;

/**
 * One input of VIDIOC_ENUMINPUT (or, with {@code output}, VIDIOC_ENUMOUTPUT).
 *
 * @param status what the input's signal is like now (empty: fine; always empty for outputs)
 */
public record Input(int index, String name, InputType type, Set<InputStatus> status, boolean output) {
    public Input {
        status = Set.copyOf(status);
    }
}
