package org.guidedmixup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The structure bars of {@code src/main}, read from the sources: the package graph (imports and fully
 * qualified names) is the one {@code docs/architecture.md} draws and has no cycle between top-level
 * packages; each name of an output folder is written as a literal in one file; no method outside the
 * measured kernels is longer than 100 lines. {@code mvn -q test -Dtest=ArchitectureTest} prints the graph.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/org/guidedmixup");
    private static final Pattern PACKAGE = Pattern.compile("^package org\\.guidedmixup\\.([\\w.]+);", Pattern.MULTILINE);
    /** A project class named by import or fully qualified name: its package is the lower-case part before it. */
    private static final Pattern REFERENCE = Pattern.compile("org\\.guidedmixup\\.([a-z][\\w]*(?:\\.[a-z][\\w]*)*)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
    /** Hot loops whose length was measured to pay (docs/performance.md); they may exceed the bar. */
    private static final Set<String> KERNELS = Set.of("LaneFft", "LaneSpectralResidual", "HuffmanDeflater", "GaussianBlur",
            "PngCodec");

    @Test
    void thePackageGraphIsTheOneDocsArchitectureDrawsAndHasNoTopLevelCycle() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        graph.forEach((p, deps) -> System.out.println(p + " -> " + (deps.isEmpty() ? "none" : String.join(", ", deps))));
        Map<String, Set<String>> drawn = documentedGraph();
        assertEquals(graph.keySet(), drawn.keySet(), "docs/architecture.md lists every package, and only those");
        for (String p : graph.keySet()) {
            assertEquals(graph.get(p), drawn.get(p), "imports of " + p + " in docs/architecture.md's table");
        }
        Map<String, Set<String>> top = new TreeMap<>();
        graph.forEach((p, deps) -> deps.forEach(q -> {
            if (!top(p).equals(top(q))) {
                top.computeIfAbsent(top(p), x -> new TreeSet<>()).add(top(q));
            }
        }));
        for (String p : top.keySet()) {
            for (String q : top.get(p)) {
                assertTrue(!reaches(top, q, p), "top-level packages " + p + " and " + q + " import each other");
            }
        }
    }

    @Test
    void theNamesOfAnOutputFolderAreWrittenOnce() throws IOException {
        for (String literal : List.of("_SUCCESS", "summary.json", ".staging-", "part-", ".snappy.parquet", "image_shape")) {
            List<String> files = new ArrayList<>();
            for (Path f : sources()) {
                Matcher m = STRING.matcher(code(Files.readString(f)));
                while (m.find()) {
                    if (m.group().contains(literal)) {
                        files.add(MAIN.relativize(f).toString());
                        break;
                    }
                }
            }
            assertEquals(1, files.size(), "'" + literal + "' is written in " + files);
        }
    }

    @Test
    void noMethodOutsideTheKernelsIsLongerThan100Lines() throws IOException {
        // The scanner sees a long method where there is one (a kernel, exempt).
        assertTrue(methodLengths(Files.readAllLines(MAIN.resolve("core/LaneFft.java"))).get("radix7") > 100);
        List<String> tooLong = new ArrayList<>();
        for (Path f : sources()) {
            String name = f.getFileName().toString().replace(".java", "");
            if (KERNELS.contains(name)) {
                continue;
            }
            methodLengths(Files.readAllLines(f)).forEach((method, lines) -> {
                if (lines > 100) {
                    tooLong.add(name + "." + method + " (" + lines + " lines)");
                }
            });
        }
        assertEquals(List.of(), tooLong);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }

    /** Source without comments (strings kept). */
    private static String code(String source) {
        return COMMENT.matcher(source).replaceAll("");
    }

    static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path f : sources()) {
            String s = Files.readString(f);
            Matcher pm = PACKAGE.matcher(s);
            assertTrue(pm.find(), f + " has no package line");
            String p = pm.group(1);
            Set<String> deps = graph.computeIfAbsent(p, x -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(STRING.matcher(code(s)).replaceAll("\"\""));
            while (m.find()) {
                if (!m.group(1).equals(p)) {
                    deps.add(m.group(1));
                }
            }
        }
        return graph;
    }

    /** The table under "## Packages": package -> its imports column (a comma list, or "none ..."). */
    private static Map<String, Set<String>> documentedGraph() throws IOException {
        Map<String, Set<String>> drawn = new LinkedHashMap<>();
        String doc = Files.readString(Path.of("docs/architecture.md"));
        String table = doc.substring(doc.indexOf("## Packages"));
        Pattern row = Pattern.compile("^\\| `([\\w.]+)` \\|.*\\| ([^|]+) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(table);
        while (m.find()) {
            String deps = m.group(2).trim();
            Set<String> set = new TreeSet<>();
            if (!deps.startsWith("none")) {
                for (String d : deps.split(",")) {
                    set.add(d.trim());
                }
            }
            drawn.put(m.group(1), set);
        }
        return new TreeMap<>(drawn);
    }

    private static String top(String p) {
        int dot = p.indexOf('.');
        return dot < 0 ? p : p.substring(0, dot);
    }

    private static boolean reaches(Map<String, Set<String>> g, String from, String to) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            String x = todo.remove(todo.size() - 1);
            if (x.equals(to)) {
                return true;
            }
            if (seen.add(x)) {
                todo.addAll(g.getOrDefault(x, Set.of()));
            }
        }
        return false;
    }

    /**
     * Lines of each method and constructor (signature to closing brace), by name (the longest of
     * overloads). A declaration is a line at member indentation that opens a parameter list and is not
     * a statement; its body ends where the braces it opened close.
     */
    static Map<String, Integer> methodLengths(List<String> lines) {
        Pattern decl = Pattern.compile("^\\s+(?:@\\w+\\s+)*(?:(?:public|private|protected|static|final|synchronized|"
                + "abstract|default)\\s+)*(?:<[^>]+>\\s+)?(?:[\\w<>\\[\\],.? ]+\\s+)?(\\w+)\\s*\\(.*$");
        Set<String> notMethods = Set.of("if", "for", "while", "switch", "catch", "return", "new", "else", "try", "synchronized",
                "throw", "super", "this");
        Map<String, Integer> lengths = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = decl.matcher(line);
            String trimmed = line.trim();
            if (!m.matches() || notMethods.contains(m.group(1)) || trimmed.endsWith(";") || trimmed.startsWith("return ")
                    || trimmed.startsWith("throw ") || trimmed.startsWith("*") || trimmed.startsWith("//")
                    || trimmed.contains(" = ") || trimmed.startsWith(".")) {
                continue;
            }
            int open = i;
            while (open < lines.size() && !lines.get(open).contains("{") && !lines.get(open).trim().endsWith(";")) {
                open++;
            }
            if (open == lines.size() || !lines.get(open).contains("{")) {
                continue;
            }
            int depth = 0;
            int end = open;
            for (; end < lines.size(); end++) {
                String c = STRING.matcher(lines.get(end)).replaceAll("\"\"");
                depth += count(c, '{') - count(c, '}');
                if (depth <= 0) {
                    break;
                }
            }
            lengths.merge(m.group(1), end - i + 1, Math::max);
        }
        return lengths;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += s.charAt(i) == c ? 1 : 0;
        }
        return n;
    }
}
