package org.v4j.api.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.v4j.api.memory.MemoryType;

/** Parsing and printing of memory preferences, as --memory and the configuration take them. */
class MemoryPreferenceTest {
    @Test
    void autoIsMmapDmabufUserptr() {
        assertEquals(List.of(MemoryType.MMAP, MemoryType.DMABUF, MemoryType.USERPTR), MemoryPreference.parse("auto").order());
        assertTrue(MemoryPreference.parse(" AUTO ").isAuto());
        assertTrue(MemoryPreference.parse("").isAuto());
        assertEquals("auto", MemoryPreference.AUTO.toString());
    }

    @Test
    void listsInAnyCaseWithCommasArrowsOrSpaces() {
        MemoryPreference p = MemoryPreference.parse("DMABUF>mmap, userptr");
        assertEquals(List.of(MemoryType.DMABUF, MemoryType.MMAP, MemoryType.USERPTR), p.order());
        assertEquals("dmabuf,mmap,userptr", p.toString());
        assertEquals("mmap (v4j.memory.type=MMAP)", MemoryPreference.only(MemoryType.MMAP)
                .withFilter("(v4j.memory.type=MMAP)").toString());
        assertNull(MemoryPreference.parse("mmap").withFilter("  ").filter());
    }

    @Test
    void badInputNamesWhatIsWrong() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> MemoryPreference.parse("mmap,zerocopy"));
        assertEquals("unknown memory type 'zerocopy' (mmap, userptr, dmabuf)", unknown.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> MemoryPreference.parse("mmap, MMAP"));
        assertEquals("memory types repeated in [MMAP, MMAP]", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MemoryPreference(List.of(), null));
        assertThrows(NullPointerException.class, () -> MemoryPreference.parse(null));
    }
}
