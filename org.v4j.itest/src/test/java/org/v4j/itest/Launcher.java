package org.v4j.itest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts the exported gateway jar the way ./v4j does (same JVM options file) and collects its output. */
final class Launcher {
    record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private Launcher() {}

    /** A gateway started with {@link #start}: its process, and its output collected as it comes. */
    record Running(Process process, CompletableFuture<String> out, CompletableFuture<String> err, List<String> command) {
        Result await() throws Exception {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("gateway did not exit within 180 s: " + command);
            }
            return new Result(process.exitValue(), out.get(), err.get());
        }
    }

    static Result run(Path dir, String... args) throws Exception {
        return start(dir, args).await();
    }

    static Running start(Path dir, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("v4j.gateway.jar", "../org.v4j.gateway/target/gateway.jar")).toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : Files.readString(jar.getParent().getParent().resolve("jvm.options")).split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        return new Running(p, out, err, command);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "<" + e + ">";
        }
    }
}
