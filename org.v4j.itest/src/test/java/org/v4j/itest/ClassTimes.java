package org.v4j.itest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import junit.runner.Version;
import org.junit.internal.RealSystem;
import org.junit.internal.TextListener;
import org.junit.runner.Computer;
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * JUnitCore's command line (same arguments, same output, same exit code) plus one line per test
 * class saying how long it took, {@code (class VividCaptureGuestIT took 123.4 s, 5 tests)}, so a
 * slow CI run shows where its guest time went. guest-tests runs the guest classes with it.
 * A class's time runs from the end of the class before it (or the run's start) to the end of its
 * last test: its {@code @BeforeClass} (a Pax Exam container start) counts for it.
 */
public final class ClassTimes extends RunListener {
    private String current;
    private long since = System.nanoTime();
    private long lastEnd = since;
    private int tests;

    /**
     * What {@code JUnitCore.main CLASS...} does (its {@code runMain} is not public), with this listener
     * first: a class that cannot be loaded runs nothing and is one failure.
     */
    @SuppressWarnings("deprecation")  // Request.errorReport: what JUnitCore itself uses for that
    public static void main(String... args) {
        RealSystem system = new RealSystem();
        system.out().println("JUnit version " + Version.id());
        List<Class<?>> classes = new ArrayList<>();
        Request request = null;
        for (String name : args) {
            try {
                classes.add(Class.forName(name));
            } catch (ClassNotFoundException e) {
                request = Request.errorReport(ClassTimes.class, new IllegalArgumentException("Could not find class [" + name + "]", e));
                break;
            }
        }
        if (request == null) {
            request = Request.classes(new Computer(), classes.toArray(Class<?>[]::new));
        }
        JUnitCore core = new JUnitCore();
        core.addListener(new ClassTimes());  // before the TextListener: the last class's line precedes the summary
        core.addListener(new TextListener(system));
        Result result = core.run(request);
        System.exit(result.wasSuccessful() ? 0 : 1);
    }

    @Override
    public void testRunStarted(Description description) {
        since = lastEnd = System.nanoTime();
    }

    @Override
    public void testStarted(Description description) {
        String name = description.getClassName();
        if (!name.equals(current)) {
            report();
            current = name;
            since = lastEnd;
            tests = 0;
        }
    }

    @Override
    public void testFinished(Description description) {
        tests++;
        lastEnd = System.nanoTime();
    }

    @Override
    public void testRunFinished(Result result) {
        report();
    }

    private void report() {
        if (current == null) {
            return;
        }
        String simple = current.substring(current.lastIndexOf('.') + 1);
        System.out.printf(Locale.ROOT, "%n(class %s took %.1f s, %d test%s)%n", simple, (lastEnd - since) / 1e9, tests,
                tests == 1 ? "" : "s");
        System.out.flush();
        current = null;
    }
}
