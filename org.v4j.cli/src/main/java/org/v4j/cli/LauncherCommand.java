package org.v4j.cli;

import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;
import org.v4j.api.stream.CaptureService;

/**
 * Runs the command line given to the gateway jar ({@code java -jar gateway.jar capture ...}).
 * The bnd launcher registers itself with the {@code launcher.arguments} property and calls a
 * {@code Callable<Integer>} registered with {@code main.thread=true} on its main thread, exiting
 * with the returned code. The callable is registered at once and waits (bounded) for the capture
 * service, so a gateway whose consumer cannot start fails with a message instead of hanging.
 */
@Component
public final class LauncherCommand {
    private static final long SERVICE_WAIT_MILLIS = 30_000;
    /** The bundles whose INFO entries are decisions a command's user sees: the stream's, DMABUF's default source. */
    private static final Set<String> DECIDERS = Set.of("org.v4j.capture", "org.v4j.dmabuf");

    private final String[] arguments;
    private final ServiceTracker<CaptureService, CaptureService> capture;
    private final ServiceTracker<CommandProcessor, CommandProcessor> shell;
    private final ServiceTracker<LogReaderService, LogReaderService> logReader;
    private final ServiceRegistration<?> registration;

    @Activate
    public LauncherCommand(BundleContext context,
            @Reference(service = Object.class, target = "(launcher.arguments=*)") Map<String, Object> launcher) {
        Object args = launcher.get("launcher.arguments");
        this.arguments = args instanceof String[] a ? a.clone() : new String[0];
        this.capture = new ServiceTracker<>(context, CaptureService.class, null);
        this.capture.open();
        this.shell = new ServiceTracker<>(context, CommandProcessor.class, null);
        this.shell.open();
        this.logReader = new ServiceTracker<>(context, LogReaderService.class, null);
        this.logReader.open();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("main.thread", Boolean.TRUE);
        this.registration = context.registerService(Callable.class, new Main(), properties);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
        capture.close();
        shell.close();
        logReader.close();
    }

    /**
     * What the stream decides while a command runs (a fallback, a skipped memory type, a swap,
     * DMABUF's default source falling back to udmabuf),
     * and any v4j warning, on stderr as {@code v4j: ...}: stdout keeps the summary line that
     * scripts parse. Discovery's news (nodes appearing, going away: six lines for one unplugged
     * vivid) and the framework's own bundle and service events (loggers {@code Events.*}) are not
     * what a command's user asked about; nor, in a soak, the two swap notes of every cycle it
     * makes on purpose ({@code decisions} false: warnings only).
     */
    private static LogListener toStderr(boolean decisions) {
        return entry -> {
            String bundle = entry.getBundle() != null ? entry.getBundle().getSymbolicName() : null;
            boolean fromV4j = bundle != null && bundle.startsWith("org.v4j.")
                    && (entry.getLoggerName() == null || !entry.getLoggerName().startsWith("Events."));
            if (fromV4j && (LogLevel.WARN.implies(entry.getLogLevel())
                    || decisions && DECIDERS.contains(bundle) && LogLevel.INFO.implies(entry.getLogLevel()))) {
                System.err.println("v4j: " + entry.getMessage());
            }
        };
    }

    /** A named class: the launcher checks by reflection that {@code call()} returns Integer. */
    private final class Main implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            CaptureService service = capture.waitForService(SERVICE_WAIT_MILLIS);
            if (service == null) {
                System.err.println("v4j: the capture service did not start within " + SERVICE_WAIT_MILLIS / 1000
                        + " s (is the org.v4j.capture bundle active?)");
                return Commands.FAILED;
            }
            if (arguments.length > 0 && arguments[0].equals("shell")) {
                CommandProcessor processor = shell.waitForService(SERVICE_WAIT_MILLIS);
                if (processor == null) {
                    System.err.println("v4j: the Gogo shell did not start within " + SERVICE_WAIT_MILLIS / 1000 + " s");
                    return Commands.FAILED;
                }
                return Commands.shell(java.util.Arrays.copyOfRange(arguments, 1, arguments.length), processor);
            }
            LogReaderService log = logReader.getService();
            LogListener toStderr = toStderr(arguments.length == 0 || !arguments[0].equals("soak"));
            if (log != null) {
                log.addLogListener(toStderr);
            }
            try {
                return Commands.run(arguments, service, System.out, System.err);
            } finally {
                if (log != null) {
                    log.removeLogListener(toStderr);
                }
            }
        }
    }
}
