import com.sun.tools.attach.VirtualMachine;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Stops and starts bundles of a running Karaf from outside it, for a user who cannot type
 * bundle:stop: Karaf's shell does not run on Java 25 (README, Karaf 4.4). Karaf registers its
 * MBeans in the JVM's platform MBean server, so the JDK's local management agent, started in the
 * Karaf JVM through the attach API (same user, as `jcmd PID ManagementAgent.start_local` does),
 * reaches them without Karaf's JMX guard. Even so Karaf's own bundle MBean
 * (org.apache.karaf:type=bundle) only lists: its stop and start ask Subject.getSubject, which Java 24
 * and later refuse (karaf-stop shows it); stop and start go to the OSGi framework MBean instead.
 * Karaf's RMI connector (--remote) authenticates, then its guard asks getSubject for every call.
 *   java -cp DIR KarafBundles PID list | stop SYMBOLIC-NAME | start SYMBOLIC-NAME | karaf-stop SYMBOLIC-NAME
 *   java -cp DIR KarafBundles --remote SERVICE-URL USER PASSWORD list
 * list prints "ID STATE SYMBOLIC-NAME" per bundle; stop and start print the bundle's state after.
 */
public final class KarafBundles {
    static final String BUNDLES = "org.apache.karaf:type=bundle,name=root";
    /** The OSGi framework MBean of the JMX management model (Aries JMX, in Karaf's management feature). */
    static final String FRAMEWORK = "osgi.core:type=framework,*";

    public static void main(String[] args) throws Exception {
        JMXConnector connector;
        int op;
        if (args[0].equals("--remote")) {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(args[1]),
                    Map.of(JMXConnector.CREDENTIALS, new String[] {args[2], args[3]}));
            op = 4;
        } else {
            VirtualMachine vm = VirtualMachine.attach(args[0]);
            String address = vm.startLocalManagementAgent();
            vm.detach();
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            op = 1;
        }
        try (connector) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName bundles = new ObjectName(BUNDLES);
            switch (args[op]) {
                case "list" -> {
                    for (Object row : ((TabularData) server.getAttribute(bundles, "Bundles")).values()) {
                        CompositeData bundle = (CompositeData) row;
                        System.out.println(bundle.get("ID") + " " + bundle.get("State") + " " + bundle.get("Symbolic Name"));
                    }
                }
                case "stop", "start" -> {
                    String name = args[op + 1];
                    CompositeData bundle = row(server, bundles, name);
                    if (bundle == null) {
                        throw new IllegalArgumentException("no bundle " + name);
                    }
                    ObjectName framework = server.queryNames(new ObjectName(FRAMEWORK), null).stream().findFirst()
                            .orElseThrow(() -> new IllegalStateException("no MBean " + FRAMEWORK));
                    server.invoke(framework, args[op] + "Bundle", new Object[] {bundle.get("ID")},
                            new String[] {long.class.getName()});
                    System.out.println(name + " " + row(server, bundles, name).get("State"));
                }
                case "karaf-stop" -> server.invoke(bundles, "stop", new Object[] {args[op + 1]},
                        new String[] {String.class.getName()});
                default -> throw new IllegalArgumentException("unknown operation " + args[op]);
            }
        }
    }

    /** The row of bundle {@code name} in Karaf's bundle list, or null. */
    private static CompositeData row(MBeanServerConnection server, ObjectName bundles, String name) throws Exception {
        for (Object row : ((TabularData) server.getAttribute(bundles, "Bundles")).values()) {
            if (name.equals(((CompositeData) row).get("Symbolic Name"))) {
                return (CompositeData) row;
            }
        }
        return null;
    }
}
