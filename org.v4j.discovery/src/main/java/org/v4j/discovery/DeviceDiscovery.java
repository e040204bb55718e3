package org.v4j.discovery;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.v4j.api.Capability;
import org.v4j.api.DeviceNode;
import org.v4j.ioctl.DeviceFd;
import org.v4j.ioctl.Inotify;
import org.v4j.ioctl.Syscalls;
import org.v4j.api.V4l2Exception;
import org.v4j.device.Device;
import org.v4j.device.Poller;

/**
 * Registers a {@link DeviceNode} service for every V4L2 node in /dev and keeps the set current:
 * a thread waits on inotify for nodes created and deleted in /dev (and rescans every few seconds
 * in case an event was missed), registers the new ones after QUERYCAP and unregisters the gone
 * ones. A node replaced under the same name (unbind and bind) is registered anew.
 */
@Component(immediate = true)
public final class DeviceDiscovery {
    private static final Path DEV = Path.of("/dev");
    private static final Pattern NODE = Pattern.compile("(video|radio|vbi|swradio|v4l-touch)\\d+");
    private static final int RESCAN_MILLIS = 3000;

    /** A registered node: its service, and the file it was (to notice a node replaced under the same name). */
    private record Registered(ServiceRegistration<DeviceNode> registration, Object fileKey) {}

    private record Node(String path, Capability capability) implements DeviceNode {}

    @Reference(service = LoggerFactory.class)
    private Logger log;

    private final Map<String, Registered> registered = new HashMap<>();
    private BundleContext context;
    private DeviceFd inotify;
    private Poller poller;
    private Thread thread;
    private volatile boolean running = true;

    /** Watches /dev, registers the nodes present now (they are services when activation returns), then follows changes. */
    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        this.inotify = DeviceFd.adopt(Inotify.init(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC), "inotify on /dev");
        try {
            Inotify.addWatch(inotify.fd(), DEV.toString(), Inotify.IN_CREATE | Inotify.IN_DELETE
                    | Inotify.IN_ATTRIB | Inotify.IN_MOVED_FROM | Inotify.IN_MOVED_TO);
            this.poller = Poller.open("the device discovery");
            poller.watch(inotify.fd(), inotify.path(), org.v4j.ioctl.Epoll.EPOLLIN);
        } catch (RuntimeException e) {
            inotify.close();
            throw e;
        }
        rescan();
        thread = new Thread(this::run, "v4j-discovery");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        poller.wakeup();
        thread.join(5000);
        synchronized (registered) {
            registered.values().forEach(r -> unregister(r.registration()));
            registered.clear();
        }
        if (!thread.isAlive()) {
            poller.close(); // else the thread, still waiting, closes it when it leaves
        }
        inotify.close();
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(4096);
            while (running) {
                poller.await(RESCAN_MILLIS);
                if (!running) {
                    return;
                }
                while (Syscalls.read(inotify.fd(), inotify.path(), buffer) > 0) {
                    // drained: whatever changed, the rescan below looks at everything
                }
                rescan();
            }
        } catch (RuntimeException e) {
            log.error("device discovery stopped: {}", e.getMessage(), e);
        } finally {
            if (!running) {
                poller.close();
            }
        }
    }

    /** Registers the nodes that appeared, unregisters those that went away. */
    private void rescan() {
        Map<String, Object> present = new HashMap<>();
        try (Stream<Path> dev = Files.list(DEV)) {
            for (Path node : dev.filter(p -> NODE.matcher(p.getFileName().toString()).matches()).toList()) {
                try {
                    present.put(node.toString(), Files.readAttributes(node, BasicFileAttributes.class).fileKey());
                } catch (NoSuchFileException gone) {
                    // deleted while listing
                }
            }
        } catch (IOException e) {
            log.warn("cannot list /dev: {}", e.getMessage());
            return;
        }
        synchronized (registered) {
            registered.entrySet().removeIf(entry -> {
                if (Objects.equals(present.get(entry.getKey()), entry.getValue().fileKey())) {
                    return false;
                }
                unregister(entry.getValue().registration());
                log.info("{} went away", entry.getKey());
                return true;
            });
            present.forEach((path, fileKey) -> {
                if (!registered.containsKey(path)) {
                    register(path, fileKey);
                }
            });
        }
    }

    private void register(String path, Object fileKey) {
        Capability capability;
        try (Device device = Device.open(path)) {
            capability = device.capability();
        } catch (V4l2Exception e) {
            log.debug("{} is not usable yet: {}", path, e.getMessage()); // retried at the next scan
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(DeviceNode.PATH, path);
        properties.put(DeviceNode.DRIVER, capability.driver());
        properties.put(DeviceNode.CARD, capability.card());
        properties.put(DeviceNode.BUS_INFO, capability.busInfo());
        properties.put(DeviceNode.CAPS, capability.deviceCaps());
        properties.put(DeviceNode.CAPABILITIES, capability.names().toArray(String[]::new));
        registered.put(path, new Registered(context.registerService(DeviceNode.class, new Node(path, capability), properties),
                fileKey));
        log.info("{} appeared: {} \"{}\" {}", path, capability.driver(), capability.card(), capability.busInfo());
    }

    private static void unregister(ServiceRegistration<DeviceNode> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
    }
}
