package org.v4j.api.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.v4j.api.memory.MemoryType;

/**
 * Which memory a stream may use, best first, and optionally an LDAP filter that a
 * {@link org.v4j.api.MemoryProvider} service's properties must match. A stream uses the first
 * type that the device supports and a registered provider serves; when that provider goes away
 * it moves to the next, and when a better one appears it moves back.
 *
 * <p>{@link #AUTO} is {@code mmap, dmabuf, userptr}: MMAP first because every streaming driver
 * supports it and its memory suits the device; DMABUF next (zero-copy sharing, from the default
 * dma-buf source); USERPTR last, as many drivers cannot or no longer support it.
 *
 * @param order  memory types, best first, each once
 * @param filter an LDAP filter on provider service properties, or null for any provider
 */
public record MemoryPreference(List<MemoryType> order, String filter) {
    public static final MemoryPreference AUTO =
            new MemoryPreference(List.of(MemoryType.MMAP, MemoryType.DMABUF, MemoryType.USERPTR), null);

    public MemoryPreference {
        order = List.copyOf(order);
        if (order.isEmpty()) {
            throw new IllegalArgumentException("a memory preference names at least one memory type");
        }
        if (order.stream().distinct().count() != order.size()) {
            throw new IllegalArgumentException("memory types repeated in " + order);
        }
        if (filter != null && filter.isBlank()) {
            filter = null;
        }
    }

    /** Exactly one memory type. */
    public static MemoryPreference only(MemoryType type) {
        return new MemoryPreference(List.of(type), null);
    }

    /**
     * Parses {@code auto} or a list such as {@code dmabuf, mmap, userptr} (commas or {@code >}
     * between names, any case).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static MemoryPreference parse(String text) {
        Objects.requireNonNull(text, "memory preference");
        if (text.isBlank() || text.trim().toLowerCase(Locale.ROOT).equals("auto")) {
            return AUTO;
        }
        List<MemoryType> order = new ArrayList<>();
        for (String name : text.split("[,>\\s]+")) {
            if (!name.isEmpty()) {
                order.add(MemoryType.parse(name));
            }
        }
        return new MemoryPreference(order, null);
    }

    /** The same order, restricted to providers whose service properties match {@code ldapFilter}. */
    public MemoryPreference withFilter(String ldapFilter) {
        return new MemoryPreference(order, ldapFilter);
    }

    public boolean isAuto() {
        return order.equals(AUTO.order) && filter == null;
    }

    /** {@code auto}, or the types joined by {@code ,}, e.g. {@code dmabuf,mmap}; then the filter if any. */
    @Override
    public String toString() {
        String types = isAuto() ? "auto" : String.join(",", order.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
        return filter == null ? types : types + " " + filter;
    }
}
