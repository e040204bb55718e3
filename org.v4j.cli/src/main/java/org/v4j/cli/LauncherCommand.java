package org.v4j.cli;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Callable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.v4j.api.stream.CaptureService;

/**
 * Runs the command line given to the gateway jar ({@code java -jar gateway.jar capture ...}).
 * The bnd launcher registers itself with the {@code launcher.arguments} property and calls a
 * {@code Callable<Integer>} registered with {@code main.thread=true} on its main thread, exiting
 * with the returned code; this component provides that callable once the capture service is there.
 */
@Component
public final class LauncherCommand {
    private final String[] arguments;
    private final CaptureService capture;
    private final ServiceRegistration<?> registration;

    @Activate
    public LauncherCommand(BundleContext context,
            @Reference(service = Object.class, target = "(launcher.arguments=*)") Map<String, Object> launcher,
            @Reference CaptureService capture) {
        Object args = launcher.get("launcher.arguments");
        this.arguments = args instanceof String[] a ? a.clone() : new String[0];
        this.capture = capture;
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
    }

    /** A named class: the launcher checks by reflection that {@code call()} returns Integer. */
    private final class Main implements Callable<Integer> {
        @Override
        public Integer call() {
            return Commands.run(arguments, capture, System.out, System.err);
        }
    }
}
