package org.v4j.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/** The bundles of the gateway, for Pax Exam's Felix, and helpers to look at the process. */
final class Gateway {
    static final List<String> BUNDLES = List.of("org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.log",
            "org.apache.felix.metatype", "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.command",
            "org.v4j.ioctl",
            "org.v4j.api", "org.v4j.device", "org.v4j.mmap", "org.v4j.userptr", "org.v4j.dmabuf", "org.v4j.discovery", "org.v4j.capture", "org.v4j.cli",
            "org.apache.felix.http.servlet-api", "org.apache.felix.http.jetty12", "org.v4j.http");
    /** What Felix HTTP imports, by jar name (their symbolic names differ): installed, not checked by name. */
    static final List<String> LIBRARIES = List.of("commons-io", "commons-fileupload", "slf4j-api");

    private Gateway() {}

    /** The system bundle's symbolic name of the framework this run is for ({@code -Dv4j.framework}). */
    static String framework() {
        return "equinox".equals(System.getProperty("v4j.framework")) ? "org.eclipse.osgi" : "org.apache.felix.framework";
    }

    static Option[] options_() {
        String dir = System.getProperty("v4j.bundles", "target/bundles");
        Option[] bundles = java.util.stream.Stream.concat(LIBRARIES.stream(), BUNDLES.stream())
                .map(name -> bundle(new File(dir, name + ".jar").toURI().toString()))
                .toArray(Option[]::new);
        return options(
                systemProperty("org.ops4j.pax.url.mvn.localRepository").value(localRepository()),
                systemProperty("pax.exam.service.timeout").value("60000"),
                // as the gateway: v4j logs swaps and fallbacks at INFO
                systemProperty("org.osgi.service.log.admin.loglevel").value("INFO"),
                // Equinox's own log service reads it from the framework's properties only
                org.ops4j.pax.exam.CoreOptions.frameworkProperty("org.osgi.service.log.admin.loglevel").value("INFO"),
                // as gateway.bndrun: HTTP off until org.v4j.http is configured, slf4j-api 2 resolved with no mediator
                org.ops4j.pax.exam.CoreOptions.frameworkProperty("org.apache.felix.http.enable").value("false"),
                org.ops4j.pax.exam.CoreOptions.frameworkProperty("slf4j.provider").value("org.slf4j.helpers.NOP_FallbackServiceProvider"),
                org.ops4j.pax.exam.CoreOptions.frameworkProperty("slf4j.internal.verbosity").value("WARN"),
                org.ops4j.pax.exam.CoreOptions.frameworkProperty("org.osgi.framework.system.capabilities.extra").value(
                        "osgi.extender;osgi.extender=osgi.serviceloader.processor;version:Version=1.0.0,"
                                + "osgi.serviceloader;osgi.serviceloader=org.slf4j.spi.SLF4JServiceProvider"),
                cleanCaches(),
                junitBundles(),
                org.ops4j.pax.exam.CoreOptions.composite(bundles));
    }

    /** Maven's local repository: as configured, else where the JUnit jar on the classpath lives. */
    static String localRepository() {
        String configured = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        try {
            // .../junit/junit/4.13.2/junit-4.13.2.jar
            Path jar = Path.of(org.junit.Test.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent().getParent().toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Targets of this process's fds that name {@code path} (also once it was deleted: {@code "PATH (deleted)"}). */
    static List<String> fdsOn(String path) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return "";
                }
            }).filter(target -> target.equals(path) || target.equals(path + " (deleted)")).toList();
        }
    }

    /**
     * What this process holds of the kinds of resource v4j creates: fds and mappings of V4L2 nodes,
     * dma-bufs, dma-heaps, udmabuf and memfds. Compared before and after a test to find leaks.
     */
    static List<String> v4lResources() throws IOException {
        java.util.regex.Pattern kinds = java.util.regex.Pattern.compile("/dev/video|/dev/radio|dmabuf|dma_heap|udmabuf|memfd:");
        List<String> held = new java.util.ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (kinds.matcher(target).find()) {
                        held.add("fd " + target);
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (kinds.matcher(line).find()) {
                held.add("map " + line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        java.util.Collections.sort(held);
        return held;
    }

    /** Lines of /proc/self/maps that map {@code path}. */
    static List<String> mappingsOf(String path) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(line -> line.endsWith(" " + path)).toList();
    }
}
