package org.v4j.itest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts the exported gateway jar the way ./v4j does (same JVM options file, a class data archive) and collects its output. */
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
        List<String> options = new ArrayList<>();
        for (String option : Files.readString(jar.getParent().getParent().resolve("jvm.options")).split("\\s+")) {
            // the jar's manifest enables native access; on the command line it would disable part of the archive
            if (!option.isBlank() && !(CDS && option.startsWith("--enable-native-access"))) {
                options.add(option);
            }
        }
        command.addAll(options);
        command.addAll(classDataSharing(jar, options));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        return new Running(p, out, err, command);
    }

    /** {@code -Dv4j.test.cds=false} starts every gateway without a class data archive. */
    private static final boolean CDS = !"false".equals(System.getProperty("v4j.test.cds"));

    /**
     * As ./v4j does: a dynamic class data sharing archive of this jar, JDK and options, written by the
     * first gateway that exits and mapped by the later ones (each test's JVM starts seconds sooner, in
     * the guest too). It lives in target/cds beside the jar, named by the jar's time and a hash of the rest.
     */
    private static List<String> classDataSharing(Path jar, List<String> options) throws java.io.IOException {
        if (!CDS) {
            return List.of();
        }
        Path dir = jar.getParent().resolve("cds");
        String key = Integer.toHexString((System.getProperty("java.home") + Files.size(Path.of(System.getProperty("java.home"),
                "lib", "modules")) + options).hashCode());
        String where = "1".equals(System.getenv("V4J_IN_VM")) ? "vm" : "host"; // the classes a run loads differ
        Path archive = dir.resolve("launcher-" + where + "-" + Files.getLastModifiedTime(jar).toMillis() + "-" + key + ".jsa");
        List<String> flags = new ArrayList<>();
        if (Files.isRegularFile(archive)) {
            flags.add("-XX:SharedArchiveFile=" + archive);
        } else {
            Files.createDirectories(dir);
            String mine = "launcher-" + where + "-" + Files.getLastModifiedTime(jar).toMillis() + "-";
            try (var old = Files.list(dir)) { // archives of older jars are of no use
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("launcher-" + where + "-")
                        && !p.getFileName().toString().startsWith(mine)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            flags.add("-XX:ArchiveClassesAtExit=" + archive);
        }
        flags.add("-Xlog:cds*=off");
        flags.add("-Xlog:aot*=off");
        return flags;
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "<" + e + ">";
        }
    }
}
