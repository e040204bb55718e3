package org.v4j.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;

/** The gateway's bundles in Felix and in Equinox: resolution, DS wiring, Gogo help, and the consumer following the MMAP provider. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayIT extends GatewayTest {
    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("bundle not installed: " + symbolicName));
    }

    /** The failsafe execution says which framework it put on the class path: Felix, or Equinox. */
    @Test
    public void runsOnTheFrameworkOfThisExecution() {
        String expected = Gateway.framework();
        assertEquals(expected, context.getBundle(0).getSymbolicName());
        System.out.println("in-container tests on " + expected + " " + context.getBundle(0).getVersion());
    }

    @Test
    public void everyGatewayBundleIsActive() {
        for (String name : Gateway.BUNDLES) {
            assertEquals(name + " state", Bundle.ACTIVE, bundle(name).getState());
        }
    }

    @Test
    public void v4jBundlesUseDeclarativeServicesAndVersionTheirExports() {
        for (String name : Gateway.BUNDLES) {
            if (!name.startsWith("org.v4j.")) {
                continue;
            }
            Bundle b = bundle(name);
            assertNull(name + " has a Bundle-Activator", b.getHeaders().get("Bundle-Activator"));
            for (var export : b.adapt(org.osgi.framework.wiring.BundleWiring.class)
                    .getCapabilities(org.osgi.framework.wiring.BundleRevision.PACKAGE_NAMESPACE)) {
                Object version = export.getAttributes().get("version");
                org.junit.Assert.assertNotEquals(name + " exports " + export.getAttributes().get("osgi.wiring.package")
                        + " unversioned", org.osgi.framework.Version.emptyVersion, version);
            }
        }
        assertNotNull(bundle("org.v4j.mmap").getHeaders().get("Service-Component"));
    }

    /** No v4j bundle requires a service only the bnd launcher registers (Karaf's resolver would refuse it). */
    @Test
    public void noBundleRequiresTheLaunchersOwnService() {
        for (String name : Gateway.BUNDLES) {
            if (name.startsWith("org.v4j.")) {
                String required = String.valueOf(bundle(name).getHeaders().get("Require-Capability"));
                org.junit.Assert.assertFalse(name + ": " + required, required.contains("objectClass=java.lang.Object"));
            }
        }
        org.junit.Assert.assertTrue(String.valueOf(bundle("org.v4j.cli").getHeaders().get("Require-Capability"))
                .contains("objectClass=org.v4j.api.stream.CaptureService"));
    }

    /**
     * Gogo's {@code help} in the container itself (the Equinox and Felix runtimes users assemble have no
     * ./v4j help): the command's description and every option of {@code v4j:capture}.
     */
    @Test
    public void gogoHelpDescribesCaptureAndItsOptions() throws Exception {
        ServiceReference<org.apache.felix.service.command.CommandProcessor> ref =
                context.getServiceReference(org.apache.felix.service.command.CommandProcessor.class);
        assertNotNull("no Gogo CommandProcessor service", ref);
        var processor = context.getService(ref);
        var out = new java.io.ByteArrayOutputStream();
        Object result;
        try {
            var print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
            var session = processor.createSession(new java.io.ByteArrayInputStream(new byte[0]), print, print);
            try {
                result = session.execute("help v4j:capture"); // Gogo's help returns its text; the shell prints it
            } finally {
                session.close();
            }
        } finally {
            context.ungetService(ref);
        }
        String help = out.toString(java.nio.charset.StandardCharsets.UTF_8) + result;
        System.out.println("help v4j:capture on " + context.getBundle(0).getSymbolicName() + ":\n" + help.strip());
        assertTrue(help, help.contains("streams frames as ./v4j capture and prints its summary line"));
        for (String option : List.of("[-d DEVICE]", "[--count N]", "[--memory auto|TYPE,...]",
                "[--dmabuf-from DEVICE|heap|udmabuf]", "[--size WxH]", "[--pixelformat FOURCC]", "[--png FILE]", "[--background]")) {
            assertTrue(option + " missing in: " + help, help.contains(option));
        }
    }

    @Test
    public void eachProviderIsRegisteredByItsBundleWithItsMemoryType() throws Exception {
        for (MemoryType type : MemoryType.values()) {
            var refs = context.getServiceReferences(MemoryProvider.class, "(" + MemoryProvider.MEMORY_TYPE + "=" + type + ")");
            assertEquals(type.toString(), 1, refs.size());
            ServiceReference<MemoryProvider> ref = refs.iterator().next();
            assertEquals("org.v4j." + type.name().toLowerCase(java.util.Locale.ROOT), ref.getBundle().getSymbolicName());
            MemoryProvider provider = context.getService(ref);
            try {
                assertEquals(type, provider.memoryType());
            } finally {
                context.ungetService(ref);
            }
        }
    }

    @Test
    public void theDmaBufSourcesAreServicesToo() throws Exception {
        for (String source : List.of("heap", "udmabuf")) {
            var refs = context.getServiceReferences(org.v4j.api.memory.DmaBufAllocator.class,
                    "(" + org.v4j.api.memory.DmaBufAllocator.SOURCE + "=" + source + ")");
            assertEquals(source, 1, refs.size());
        }
    }

    @Test
    public void consumerUnbindsWhenTheMmapBundleStopsAndBindsWhenItStarts() throws Exception {
        Set<MemoryType> all = Set.of(MemoryType.MMAP, MemoryType.USERPTR, MemoryType.DMABUF);
        assertEquals(all, capture.memoryTypes());
        Bundle mmap = bundle("org.v4j.mmap");
        for (int round = 0; round < 3; round++) {
            mmap.stop();
            assertEquals(Set.of(MemoryType.USERPTR, MemoryType.DMABUF), capture.memoryTypes());
            assertTrue(context.getServiceReferences(MemoryProvider.class, "(" + MemoryProvider.MEMORY_TYPE + "=MMAP)").isEmpty());
            mmap.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!capture.memoryTypes().contains(MemoryType.MMAP) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("round " + round, all, capture.memoryTypes());
        }
    }

    @Test
    public void captureWithoutAProviderOfThatTypeFailsClearly() throws Exception {
        List<Bundle> providers = List.of(bundle("org.v4j.mmap"), bundle("org.v4j.userptr"), bundle("org.v4j.dmabuf"));
        for (Bundle b : providers) {
            b.stop();
        }
        try {
            IllegalStateException e = org.junit.Assert.assertThrows(IllegalStateException.class,
                    () -> capture.start(org.v4j.api.stream.CaptureRequest.of("/dev/null", MemoryType.MMAP)
                            .withProviderWait(java.time.Duration.ofMillis(200)), frame -> { }));
            assertEquals("no MMAP memory provider is registered (have: none)", e.getMessage());
            assertFalse(capture.streams().stream().map(Object::toString).collect(Collectors.joining()).contains("/dev/null"));
        } finally {
            for (Bundle b : providers) {
                b.start();
            }
        }
    }
    /**
     * A configured stream whose memory has no provider yet (as after a framework restart from its
     * cache, when this bundle starts before the providers'): activation returns at once, the
     * stream says it waits, and starts (here: waits for its missing node) once a provider comes.
     */
    @Test
    public void aConfiguredStreamWaitsForItsProviderWithoutBlocking() throws Exception {
        List<Bundle> providers = List.of(bundle("org.v4j.mmap"), bundle("org.v4j.userptr"), bundle("org.v4j.dmabuf"));
        var configRef = context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
        assertNotNull(configRef);
        // every log implementation there is (Equinox has its own beside Felix Log), at INFO for the capture bundle
        for (var ref : context.getServiceReferences(org.osgi.service.log.admin.LoggerAdmin.class, null)) {
            context.getService(ref).getLoggerContext("org.v4j.capture")
                    .setLogLevels(java.util.Map.of(org.osgi.service.log.Logger.ROOT_LOGGER_NAME, org.osgi.service.log.LogLevel.INFO));
        }
        var logRefs = context.getServiceReferences(org.osgi.service.log.LogReaderService.class, null);
        assertFalse("no LogReaderService", logRefs.isEmpty());
        var said = new java.util.concurrent.LinkedBlockingQueue<String>();
        org.osgi.service.log.LogListener listener = entry -> said.add(entry.getMessage());
        for (var ref : logRefs) {
            context.getService(ref).addLogListener(listener);
        }
        org.osgi.service.cm.Configuration config = null;
        for (Bundle b : providers) {
            b.stop();
        }
        try {
            config = context.getService(configRef).createFactoryConfiguration("org.v4j.stream", "?");
            var properties = new java.util.Hashtable<String, Object>();
            properties.put("name", "no-provider-yet");
            properties.put("device", "/dev/video-v4j-missing");
            properties.put("memory", "mmap");
            long start = System.nanoTime();
            config.update(properties);
            String waits = awaitMessage(said, "stream no-provider-yet waits for a memory provider", 5_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waits, waits.endsWith("no MMAP memory provider is registered (have: none)"));
            assertTrue("activation waited " + millis + " ms", millis < 3_000);
            bundle("org.v4j.mmap").start();
            awaitMessage(said, "stream no-provider-yet waits for /dev/video-v4j-missing to appear", 10_000);
        } finally {
            if (config != null) {
                config.delete();
            }
            for (var ref : logRefs) {
                context.getService(ref).removeLogListener(listener);
                context.ungetService(ref);
            }
            context.ungetService(configRef);
            for (Bundle b : providers) {
                if (b.getState() != Bundle.ACTIVE) {
                    b.start();
                }
            }
        }
    }

    private static String awaitMessage(java.util.concurrent.BlockingQueue<String> said, String prefix, long millis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        List<String> seen = new java.util.ArrayList<>();
        for (long left = millis; left > 0; left = deadline - System.currentTimeMillis()) {
            String message = said.poll(left, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (message != null && message.startsWith(prefix)) {
                return message;
            }
            if (message != null) {
                seen.add(message);
            }
        }
        throw new AssertionError("no log message '" + prefix + "...' in " + millis + " ms; seen: " + seen);
    }
}
