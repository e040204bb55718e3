package org.v4j.capture;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.log.Logger;

/**
 * A Logger that records every line it is given, formatted as the OSGi Log service does ({} replaced
 * in order); safe to read while a stream's thread logs.
 */
final class RecordingLog {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
                if (method.getReturnType() == boolean.class) {
                    return true;
                }
                if (method.getReturnType() == String.class) {
                    return "test";
                }
                if (args != null && args.length > 0 && args[0] instanceof String format) {
                    // varargs logging methods pass their arguments as one array
                    Object[] values = args.length == 2 && args[1] instanceof Object[] varargs ? varargs
                            : java.util.Arrays.copyOfRange(args, 1, args.length);
                    StringBuilder line = new StringBuilder(method.getName()).append(' ');
                    int next = 0;
                    int at = 0;
                    for (int i; (i = format.indexOf("{}", at)) >= 0; at = i + 2) {
                        line.append(format, at, i).append(next < values.length ? String.valueOf(values[next++]) : "{}");
                    }
                    lines.add(line.append(format.substring(at)).toString());
                }
                return null;
            });

    long count(String fragment) {
        return lines.stream().filter(l -> l.contains(fragment)).count();
    }
}
