package org.v4j.api.memory;

/** Memory the process attaches to buffers: {@link UserPtr} and {@link DmaBuf}. */
public sealed interface Imported extends Memory permits UserPtr, DmaBuf {}
