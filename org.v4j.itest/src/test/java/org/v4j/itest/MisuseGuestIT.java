package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.v4j.api.BufferType;

/**
 * The misuse cases of {@link MisuseCases}, in a JVM of their own: a crash (SIGSEGV) or a hang
 * fails this test with the cases' output instead of ending the run.
 */
public class MisuseGuestIT {
    @Test
    public void misuseGetsClearExceptionsAndTheJvmLivesOn() throws Exception {
        String path = Vivid.node(BufferType.VIDEO_CAPTURE);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(Files.readString(Path.of("../org.v4j.gateway/jvm.options")).strip().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MisuseCases.class.getName(), path));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.print(out);
        assertTrue("the cases ended within 120 s (a hang otherwise):\n" + out, ended);
        assertEquals("exit code (the number of failed cases; 134 or 139: the JVM crashed):\n" + out, 0, p.exitValue());
        assertTrue(out, out.contains("all cases passed"));
        assertEquals(out, 9, out.lines().filter(l -> l.startsWith("ok   ")).count());
    }
}
