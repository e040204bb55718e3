package org.v4j.itest;

import static org.junit.Assert.assertEquals;

import javax.inject.Inject;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.v4j.api.MemoryProvider;
import org.v4j.api.memory.MemoryType;
import org.v4j.api.memory.PlaneHandle;
import org.v4j.api.stream.CaptureService;

/**
 * The container every Pax Exam test runs in: Felix or Equinox (whichever framework the class path
 * holds; {@code -Dv4j.framework=equinox} says which is meant) with the gateway's bundles ({@link Gateway}),
 * one container per test class (each subclass carries {@code @RunWith(PaxExam.class)} and
 * {@code @ExamReactorStrategy(PerClass.class)}), and the services every test uses injected.
 */
public abstract class GatewayTest {
    @Inject
    protected BundleContext context;

    @Inject
    protected CaptureService capture;

    /** A test run for Equinox that found Felix (or the reverse) would prove nothing about Equinox. */
    @Before
    public void runsOnTheFrameworkAskedFor() {
        assertEquals("the system bundle", Gateway.framework(), context.getBundle(0).getSymbolicName());
    }

    /** The registered provider of memory type {@code type}, typed for the caller's handles. */
    @SuppressWarnings("unchecked")
    protected <H extends PlaneHandle<?>> MemoryProvider<H> provider(MemoryType type) throws Exception {
        var refs = context.getServiceReferences(MemoryProvider.class, "(" + MemoryProvider.MEMORY_TYPE + "=" + type + ")");
        return (MemoryProvider<H>) context.getService(refs.iterator().next());
    }

    @Configuration
    public Option[] config() {
        return Gateway.options_();
    }
}
