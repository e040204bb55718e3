package org.v4j.ioctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the value of every public integer constant of every class of org.v4j.ioctl against the
 * C macro or enum of the same kernel (or libc) name, compiled with gcc against the uapi headers
 * ({@link UapiProgram}). The C name comes from {@link #RULES}; a public constant that no rule
 * covers and that is not in {@link #EXCLUDED} fails {@link #everyPublicConstantIsCovered}, so
 * a new constant cannot escape the check. Also checks every name of the {@link Errno} table.
 */
class ConstantConformanceTest {
    /** Java field {@code javaPrefix...} of {@code owner} is the C name {@code cPrefix...}. */
    record Rule(Class<?> owner, String javaPrefix, String cPrefix) {}

    /** Per class, in order: the first rule whose Java prefix begins the field name gives its C name. */
    static final List<Rule> RULES = List.of(
            new Rule(V4l2Buffer.class, "FLAG_", "V4L2_BUF_FLAG_"), // FLAG_ERROR -> V4L2_BUF_FLAG_ERROR
            new Rule(V4l2Requestbuffers.class, "CAP_", "V4L2_BUF_CAP_"),
            new Rule(V4l2EncoderCmd.class, "ENC_CMD_", "V4L2_ENC_CMD_"),
            new Rule(V4l2DecoderCmd.class, "DEC_CMD_", "V4L2_DEC_CMD_"),
            new Rule(V4l2Requestbuffers.class, "MEMORY_", "V4L2_MEMORY_"), // enum v4l2_memory
            new Rule(V4l2EventSubscription.class, "FLAG_", "V4L2_EVENT_SUB_FL_"),
            new Rule(V4l2ExtControls.class, "WHICH_", "V4L2_CTRL_WHICH_"),
            new Rule(V4l2QueryExtCtrl.class, "FLAG_", "V4L2_CTRL_FLAG_"),
            new Rule(V4l2QueryExtCtrl.class, "TYPE_", "V4L2_CTRL_TYPE_"), // enum v4l2_ctrl_type
            new Rule(V4l2Capability.class, "CAP_", "V4L2_CAP_"),
            new Rule(V4l2Format.class, "BUF_TYPE_", "V4L2_BUF_TYPE_"), // enum v4l2_buf_type
            new Rule(V4l2Event.class, "EVENT_", "V4L2_EVENT_"),
            new Rule(V4l2Event.class, "CTRL_CH_", "V4L2_EVENT_CTRL_CH_"),
            new Rule(V4l2Event.class, "SRC_CH_", "V4L2_EVENT_SRC_CH_"),
            new Rule(V4l2Input.class, "TYPE_", "V4L2_INPUT_TYPE_"),
            new Rule(V4l2Input.class, "ST_", "V4L2_IN_ST_"),
            new Rule(V4l2Output.class, "TYPE_", "V4L2_OUTPUT_TYPE_"),
            new Rule(V4l2Frmsizeenum.class, "TYPE_", "V4L2_FRMSIZE_TYPE_"),
            new Rule(V4l2Frmivalenum.class, "TYPE_", "V4L2_FRMIVAL_TYPE_"),
            new Rule(V4l2PixFormatMplane.class, "VIDEO_MAX_PLANES", "VIDEO_MAX_PLANES"),
            new Rule(V4l2Selection.class, "TGT_", "V4L2_SEL_TGT_"),
            new Rule(V4l2Streamparm.class, "CAP_", "V4L2_CAP_"),
            new Rule(DmaBufSync.class, "", "DMA_BUF_SYNC_"), // READ -> DMA_BUF_SYNC_READ
            new Rule(UdmabufCreate.class, "FLAGS_", "UDMABUF_FLAGS_"),
            new Rule(Epoll.class, "EPOLL", "EPOLL"),
            new Rule(Errno.class, "E", "E"),
            new Rule(EventFd.class, "EFD_", "EFD_"),
            new Rule(Syscalls.class, "O_", "O_"),
            new Rule(Syscalls.class, "SEEK_", "SEEK_"),
            new Rule(Mman.class, "PROT_", "PROT_"),
            new Rule(Mman.class, "MAP_", "MAP_"),
            new Rule(Inotify.class, "IN_", "IN_"),
            new Rule(Memfd.class, "MFD_", "MFD_"),
            new Rule(Memfd.class, "F_", "F_"));

    /** Constants that are not a C name but a value C computes: {@code Class.FIELD} -> C expression. */
    static final Map<String, String> COMPUTED = Map.of(
            "V4l2Format.PIX", "offsetof(struct v4l2_format, fmt.pix)",
            "V4l2Format.PIX_MP", "offsetof(struct v4l2_format, fmt.pix_mp)",
            "V4l2PixFormatMplane.PLANE_FMT", "offsetof(struct v4l2_pix_format_mplane, plane_fmt)");

    /** Public constants that no header defines: {@code Class.FIELD} -> why. */
    static final Map<String, String> EXCLUDED = Map.of(
            "Syscalls.PAGE_SIZE", "asked of sysconf(_SC_PAGESIZE) at run time; no header fixes it (4, 16 or 64 KiB on arm64)",
            "Epoll.MAX_READY", "v4j's choice: how many ready fds one epoll_wait reports, the size of its array");

    /** {@code Class.FIELD} -> C expression, for every checked constant. */
    static final Map<String, String> checked = new LinkedHashMap<>();
    static final Map<String, Long> javaValues = new LinkedHashMap<>();
    static final Map<String, Integer> javaBits = new LinkedHashMap<>();
    static final List<String> uncovered = new ArrayList<>();
    static final Set<String> allConstants = new TreeSet<>();
    static final Set<Rule> usedRules = new HashSet<>();
    /** Errno table name -> number. */
    static final Map<String, Long> errnoNames = new LinkedHashMap<>();
    static Map<String, Long> c;

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Class<?> type : packageClasses()) {
            for (Field f : type.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || !Modifier.isFinal(m) || bits(f.getType()) == 0) {
                    continue;
                }
                String key = type.getSimpleName() + "." + f.getName();
                allConstants.add(key);
                String expression = COMPUTED.containsKey(key) ? COMPUTED.get(key) : cName(type, f.getName());
                if (EXCLUDED.containsKey(key)) {
                    continue;
                }
                if (expression == null) {
                    uncovered.add(key);
                    continue;
                }
                checked.put(key, expression);
                javaValues.put(key, ((Number) f.get(null)).longValue());
                javaBits.put(key, bits(f.getType()));
                lines.add(UapiProgram.printSigned("const " + key, expression));
            }
        }
        for (int errno = 1; errno < 4096; errno++) {
            String name = Errno.name(errno);
            if (!name.equals("errno " + errno)) {
                errnoNames.put(name, (long) errno);
                lines.add(UapiProgram.printSigned("errno " + name, name));
            }
        }
        c = UapiProgram.run(dir, "constants", lines);
    }

    /** The top-level classes of org.v4j.ioctl, found in the directory its main classes were loaded from. */
    private static List<Class<?>> packageClasses() throws Exception {
        Path dir = Path.of(Syscalls.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/v4j/ioctl");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$") && !name.equals("package-info.class")) {
                    classes.add(Class.forName("org.v4j.ioctl." + name.substring(0, name.length() - 6)));
                }
            }
        }
        assertTrue(classes.size() > 30, "classes found in " + dir + ": " + classes);
        return classes;
    }

    /** The C name of {@code field} of {@code type} by the first rule that covers it, or null. */
    private static String cName(Class<?> type, String field) {
        for (Rule rule : RULES) {
            if (rule.owner() == type && field.startsWith(rule.javaPrefix())) {
                usedRules.add(rule);
                return rule.cPrefix() + field.substring(rule.javaPrefix().length());
            }
        }
        return null;
    }

    /** The width of an integer constant's type, 0 for any other type. */
    private static int bits(Class<?> type) {
        return type == long.class ? 64 : type == int.class ? 32 : type == short.class || type == char.class ? 16
                : type == byte.class ? 8 : 0;
    }

    @Test
    void everyPublicConstantIsCovered() {
        assertEquals(List.of(), uncovered,
                "public constants without a C name: add a rule to RULES, an entry to COMPUTED, or one to EXCLUDED with the reason");
    }

    @Test
    void everyRuleAndExclusionIsStillNeeded() {
        assertEquals(Set.of(), RULES.stream().filter(r -> !usedRules.contains(r)).collect(Collectors.toSet()),
                "rules that no constant uses");
        Set<String> stale = new TreeSet<>(EXCLUDED.keySet());
        stale.addAll(COMPUTED.keySet());
        stale.removeAll(allConstants);
        assertEquals(Set.of(), stale, "EXCLUDED or COMPUTED entries naming no public constant");
    }

    @Test
    void everyConstantHasTheHeaderValue() {
        List<String> wrong = new ArrayList<>();
        checked.forEach((key, expression) -> {
            long java = javaValues.get(key);
            Long header = c.get("const " + key);
            int bits = javaBits.get(key);
            // the C value, signed or unsigned, must be the Java value at the Java type's width
            boolean same = header != null && (header == java || bits < 64 && header == (java & ((1L << bits) - 1)));
            if (!same) {
                wrong.add(key + " (" + expression + "): java " + java + ", C " + header);
            }
        });
        assertEquals(List.of(), wrong);
        assertTrue(checked.size() >= 60, "constants checked: " + checked.size());
    }

    @Test
    void everyErrnoNameHasTheHeaderValue() {
        errnoNames.forEach((name, errno) -> assertEquals(c.get("errno " + name), errno, "Errno.name(" + errno + ")"));
        for (String key : checked.keySet()) {
            if (key.startsWith("Errno.")) {
                String name = key.substring("Errno.".length());
                assertEquals(name, Errno.name(javaValues.get(key).intValue()), "Errno.name of " + name);
            }
        }
        assertTrue(errnoNames.size() >= 30, "errno names: " + errnoNames);
    }

    /** Never a bare number: every errno the C library has a text for has a name. */
    @Test
    void everyErrnoTheCLibraryKnowsHasAName() {
        List<String> unnamed = new ArrayList<>();
        for (int errno = 1; errno < 512; errno++) {
            if (!Errno.describe(errno).startsWith("Unknown error") && Errno.name(errno).startsWith("errno ")) {
                unnamed.add(errno + " (" + Errno.describe(errno) + ")");
            }
        }
        assertEquals(List.of(), unnamed);
    }
}
