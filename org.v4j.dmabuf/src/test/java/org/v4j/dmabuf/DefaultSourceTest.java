package org.v4j.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default DMABUF source for each combination of the two nodes being there, on stand-in paths. */
class DefaultSourceTest {
    @TempDir
    Path dev;

    private String choose(boolean heap, boolean udmabuf) throws IOException {
        Path h = dev.resolve("dma_heap/system");
        Path u = dev.resolve("udmabuf");
        Files.deleteIfExists(h);
        Files.deleteIfExists(u);
        if (heap) {
            Files.createDirectories(h.getParent());
            Files.createFile(h);
        }
        if (udmabuf) {
            Files.createFile(u);
        }
        return DefaultSource.choose(h, u);
    }

    @Test
    void theHeapWhenItsNodeIsThere() throws IOException {
        assertEquals("heap", choose(true, true));
        assertEquals("heap", choose(true, false));
    }

    @Test
    void udmabufWhenOnlyItsNodeIsThere() throws IOException {
        assertEquals("udmabuf", choose(false, true));
    }

    @Test
    void theHeapWhenNeitherIsThereSoTheErrorNamesIt() throws IOException {
        assertEquals("heap", choose(false, false));
    }
}
