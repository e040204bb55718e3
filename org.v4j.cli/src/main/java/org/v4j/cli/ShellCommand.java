package org.v4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/**
 * {@code v4j shell [--script FILE]}: the gateway's Gogo shell on the terminal (until {@code exit}
 * or end of input), or the Gogo commands in FILE as if typed at its prompt: each statement is
 * echoed after {@code g! } and its result printed, and the first that fails ends the script
 * (exit 1). A statement continues over lines while a bracket or quote is open; lines starting
 * with {@code #} are comments.
 */
final class ShellCommand {
    private ShellCommand() {}

    /** The statements of a script: lines joined while a bracket or quote is open, comments dropped. */
    static java.util.List<String> statements(String program) {
        java.util.List<String> statements = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (String line : program.split("\\R")) {
            if (current.isEmpty() && (line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            for (char c : line.toCharArray()) {
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '{' || c == '(' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ')' || c == ']') {
                    depth--;
                }
            }
            current.append(current.isEmpty() ? "" : "\n").append(line);
            if (depth <= 0 && quote == 0) {
                statements.add(current.toString().strip());
                current.setLength(0);
                depth = 0;
            }
        }
        if (!current.isEmpty()) {
            throw new UsageException("the script ends inside an open bracket or quote: " + current);
        }
        return statements;
    }

    static int run(String[] args, CommandProcessor processor, InputStream in, PrintStream out, PrintStream err) {
        String script = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vm" -> { } // handled by the launcher script
                case "--script" -> {
                    if (++i >= args.length) {
                        throw new UsageException("--script needs a file");
                    }
                    script = args[i];
                }
                default -> throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        String program = null;
        if (script != null) {
            try {
                program = Files.readString(Path.of(script));
            } catch (NoSuchFileException e) {
                err.println("v4j: no such script: " + script);
                return Commands.FAILED;
            } catch (IOException e) {
                err.println("v4j: cannot read " + script + ": " + e.getMessage());
                return Commands.FAILED;
            }
        }
        CommandSession session = processor.createSession(in, out, err);
        session.put("SCOPE", "v4j:*"); // v4j:start/stop take symbolic names, felix:start/stop do not
        try {
            if (program != null) {
                for (String statement : statements(program)) {
                    out.println("g! " + statement);
                    Object result = session.execute(statement);
                    if (result != null) {
                        out.println(session.format(result, org.apache.felix.service.command.Converter.INSPECT));
                    }
                }
            } else {
                // not --login: the stock gosh_profile sets SCOPE to gogo:* in a child session, and
                // `start NAME` would then reach felix:start, which takes only ids and URLs (v4j:exit
                // stands in for the profile's system:exit)
                session.put("prompt", "g! ");
                session.execute("gosh --noshutdown");
            }
            return Commands.OK;
        } catch (Exception e) {
            Throwable cause = e;
            while (cause instanceof java.lang.reflect.InvocationTargetException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            err.println((script != null ? script + ": " : "")
                    + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
            return Commands.FAILED;
        } finally {
            out.flush();
            session.close();
        }
    }
}
