package dev.offload;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's packages form no dependency cycle except the API and its SPI ({@code dev.offload} and
 * {@code dev.offload.backend}, as {@code java.nio.channels} and its {@code spi}), as {@code jdeps} sees the built
 * classes. A cycle fails the test with its packages and the edges that close it.
 */
class PackageCyclesTest {
    private static final Set<String> API_AND_SPI = Set.of("dev.offload", "dev.offload.backend");
    /** A jdeps -verbose:package line: {@code   dev.offload.cpu   -> dev.offload.backend   dev.offload}. */
    private static final Pattern EDGE = Pattern.compile("^\\s+(dev\\.offload\\S*)\\s+->\\s+(dev\\.offload\\S*)\\s.*$");

    @Test
    void packages_ofTheBuiltLibrary_formNoCycleButApiAndSpi() {
        Map<String, Set<String>> edges = packageEdges();
        // the parse found the graph (a change of jdeps' output must not make this test pass on nothing)
        assertTrue(edges.getOrDefault("dev.offload.opencl", Set.of()).contains("dev.offload.backend"),
                "jdeps output not understood: " + edges);

        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(edges)) {
            if (component.size() > 1 && !component.equals(API_AND_SPI)) {
                String closing = component.stream()
                        .flatMap(from -> edges.get(from).stream().filter(component::contains).map(to -> from + " -> " + to))
                        .collect(Collectors.joining(", "));
                cycles.add(component + " (" + closing + ")");
            }
        }
        assertEquals(List.of(), cycles, "package cycles in the library");
    }

    /** Package to the other library packages it uses, from jdeps over the built classes. */
    private static Map<String, Set<String>> packageEdges() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("no jdeps tool in this JDK"));
        String modulePath = BuiltLibrary.dependencies().stream().map(Path::toString)
                .collect(Collectors.joining(java.io.File.pathSeparator));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "--module-path", modulePath, BuiltLibrary.classes().toString());
        assertEquals(0, status, "jdeps failed: " + err + out);
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            Matcher m = EDGE.matcher(line);
            if (m.matches()) {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                edges.computeIfAbsent(m.group(2), k -> new TreeSet<>());
                if (!m.group(1).equals(m.group(2))) {
                    edges.get(m.group(1)).add(m.group(2));
                }
            }
        }
        return edges;
    }

    /** Tarjan's strongly connected components. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) {
                visit(v, edges, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void visit(String v, Map<String, Set<String>> edges, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                              List<Set<String>> components) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : edges.get(v)) {
            if (!index.containsKey(w)) {
                visit(w, edges, index, low, stack, onStack, components);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }
}
