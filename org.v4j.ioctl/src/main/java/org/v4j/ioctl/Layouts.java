package org.v4j.ioctl;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers to describe and read C structs: field VarHandles addressed by the C field path
 * ({@code "m.planes"}), offsets, and fixed-size char arrays. The layouts assume LP64 Linux
 * (x86-64, arm64), which is checked once here.
 */
public final class Layouts {
    static {
        if (ValueLayout.ADDRESS.byteSize() != 8) {
            throw new UnsupportedOperationException("v4j supports 64-bit Linux only (LP64 struct layouts)");
        }
    }

    private Layouts() {}

    /** A VarHandle for the field at the C path ({@code "fmt.pix.width"}), taking only the segment. */
    public static VarHandle field(MemoryLayout layout, String path) {
        return bindBase(layout.varHandle(elements(layout, path)));
    }

    /**
     * A VarHandle for the field at the C path in element {@code i} of an array of structs,
     * taking {@code (segment, long i)}: reads a struct array without slicing (no allocation).
     */
    public static VarHandle element(SequenceLayout array, String path) {
        PathElement[] fields = elements(array.elementLayout(), path);
        PathElement[] all = new PathElement[fields.length + 1];
        all[0] = PathElement.sequenceElement();
        System.arraycopy(fields, 0, all, 1, fields.length);
        return bindBase(array.varHandle(all));
    }

    /** The byte offset of the field at the C path. */
    public static long offset(MemoryLayout layout, String path) {
        return layout.byteOffset(elements(layout, path));
    }

    /** The layout of the field at the C path. */
    public static MemoryLayout select(MemoryLayout layout, String path) {
        return layout.select(elements(layout, path));
    }

    static VarHandle bindBase(VarHandle handle) {
        return MethodHandles.insertCoordinates(handle, 1, 0L);
    }

    /**
     * The path elements of a C field path. A name not found among a struct's members is looked
     * for inside its unnamed unions and structs, as C finds the members of anonymous ones.
     */
    private static PathElement[] elements(MemoryLayout root, String path) {
        List<PathElement> elements = new ArrayList<>();
        MemoryLayout current = root;
        for (String name : path.split("\\.")) {
            current = find(current, name, elements);
            if (current == null) {
                throw new IllegalArgumentException("no field " + path + " in " + root);
            }
        }
        return elements.toArray(PathElement[]::new);
    }

    private static MemoryLayout find(MemoryLayout layout, String name, List<PathElement> elements) {
        if (!(layout instanceof GroupLayout group)) {
            return null;
        }
        List<MemoryLayout> members = group.memberLayouts();
        for (MemoryLayout member : members) {
            if (member.name().filter(name::equals).isPresent()) {
                elements.add(PathElement.groupElement(name));
                return member;
            }
        }
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).name().isEmpty() && members.get(i) instanceof GroupLayout) {
                elements.add(PathElement.groupElement(i));
                MemoryLayout found = find(members.get(i), name, elements);
                if (found != null) {
                    return found;
                }
                elements.removeLast();
            }
        }
        return null;
    }

    /** A NUL-terminated string from a fixed-size char array field. */
    public static String string(MemorySegment struct, MemoryLayout layout, String path) {
        long offset = offset(layout, path);
        long size = select(layout, path).byteSize();
        byte[] bytes = struct.asSlice(offset, size).toArray(ValueLayout.JAVA_BYTE);
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    static StructLayout struct(String name, MemoryLayout... members) {
        return MemoryLayout.structLayout(members).withName(name);
    }
}
