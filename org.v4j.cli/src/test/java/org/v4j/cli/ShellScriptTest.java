package org.v4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellScriptTest {
    @Test
    void statementsAreLinesUnlessABracketOrQuoteIsOpen() {
        String script = """
                # start a capture
                v4j:capture --background

                each [1 2] {
                  echo $it
                }
                echo "a { in quotes"
                  stop org.v4j.mmap   \s
                """;
        assertEquals(List.of("v4j:capture --background", "each [1 2] {\n  echo $it\n}", "echo \"a { in quotes\"",
                "stop org.v4j.mmap"), ShellCommand.statements(script));
    }

    @Test
    void anOpenBracketAtTheEndIsAUsageError() {
        assertEquals("the script ends inside an open bracket or quote: each [1 2] {",
                assertThrows(UsageException.class, () -> ShellCommand.statements("each [1 2] {\n")).getMessage());
    }
}
