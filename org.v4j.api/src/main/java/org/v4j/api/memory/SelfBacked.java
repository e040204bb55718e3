package org.v4j.api.memory;

/** Memory the device allocates itself: only {@link Mmap}. */
public sealed interface SelfBacked extends Memory permits Mmap {}
