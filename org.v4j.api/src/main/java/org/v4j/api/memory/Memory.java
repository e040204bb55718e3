package org.v4j.api.memory;

/**
 * A kind of memory that can back V4L2 buffers. Either the device provides it
 * ({@link SelfBacked}) or the process attaches its own ({@link Imported}).
 */
public sealed interface Memory permits SelfBacked, Imported {
    /** The V4L2 memory type this models. */
    MemoryType type();
}
