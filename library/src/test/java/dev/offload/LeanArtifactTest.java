package dev.offload;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library artifact {@code dev.offload:offload} brings a user's application JOCL and ASM, nothing else: no
 * picocli, XChart, pdfbox, JUnit or lorem (the issue found 19 jars). This resolves what Maven would put on a
 * consumer's runtime class path the way Maven does (compile and runtime scopes, transitively; test, provided and
 * optional dependencies stay behind) from the POMs: {@code library/pom.xml}, its parent for properties, and the
 * dependencies' own POMs in the local repository, which the build has just used, so it runs offline in well under a
 * second. Running {@code mvn dependency:list} from a test was the alternative: a nested Maven of several seconds on
 * shared CI cores, which needs {@code mvn} on the path and the dependency plugin cached for offline runs.
 */
class LeanArtifactTest {
    private static final Set<String> ALLOWED = Set.of("org.jocl:jocl", "org.ow2.asm:asm", "org.ow2.asm:asm-tree",
            "org.ow2.asm:asm-analysis");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** A POM read with its parents' properties; only what dependency resolution needs. */
    private record Pom(Map<String, String> properties, List<Element> dependencies) {
        static Pom read(Path file, Path repository) throws Exception {
            var factory = DocumentBuilderFactory.newInstance();
            Element project = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
            Map<String, String> props = new HashMap<>();
            List<Element> deps = new ArrayList<>();
            Element parent = child(project, "parent");
            if (parent != null) {
                String rel = text(parent, "relativePath");
                Path local = file.getParent().resolve(rel != null ? rel : "..").normalize();
                Path parentPom = Files.isDirectory(local) ? local.resolve("pom.xml") : local;
                if (!Files.isRegularFile(parentPom) || !matches(parentPom, parent)) {
                    parentPom = inRepository(repository, text(parent, "groupId"), text(parent, "artifactId"),
                            text(parent, "version"));
                }
                Pom p = read(parentPom, repository);
                props.putAll(p.properties);
                deps.addAll(p.dependencies);    // a parent's <dependencies> are inherited
                props.put("project.parent.version", text(parent, "version"));
            }
            String version = text(project, "version");
            if (version == null && parent != null) {
                version = text(parent, "version");
            }
            props.put("project.version", version);
            Element properties = child(project, "properties");
            if (properties != null) {
                for (Node n = properties.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e) {
                        props.put(e.getTagName(), e.getTextContent().trim());
                    }
                }
            }
            Element dependencies = child(project, "dependencies");   // not dependencyManagement, not plugins'
            if (dependencies != null) {
                for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e && e.getTagName().equals("dependency")) {
                        deps.add(e);
                    }
                }
            }
            return new Pom(props, deps);
        }

        String resolve(String value) {
            if (value == null) {
                return null;
            }
            Matcher m = PROPERTY.matcher(value);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = properties.get(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(v != null ? resolve(v) : m.group()));
            }
            return m.appendTail(sb).toString();
        }
    }

    private static boolean matches(Path pom, Element parent) throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getDocumentElement();
        return parent.getElementsByTagName("artifactId").item(0).getTextContent().trim()
                .equals(text(project, "artifactId"));
    }

    private static Path inRepository(Path repository, String group, String artifact, String version) {
        return repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + ".pom");
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    /** groupId:artifactId -> version of everything a consumer of {@code pom} gets at run time. */
    static Map<String, String> runtimeClassPath(Path pom, Path repository) throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        Deque<Path> todo = new ArrayDeque<>(List.of(pom));
        while (!todo.isEmpty()) {
            Pom p = Pom.read(todo.pop(), repository);
            for (Element d : p.dependencies) {
                String scope = p.resolve(text(d, "scope"));
                if (scope != null && !scope.equals("compile") && !scope.equals("runtime")) {
                    continue;
                }
                if ("true".equals(p.resolve(text(d, "optional")))) {
                    continue;
                }
                String key = p.resolve(text(d, "groupId")) + ":" + p.resolve(text(d, "artifactId"));
                String version = p.resolve(text(d, "version"));
                if (found.putIfAbsent(key, version) == null) {
                    String[] ga = key.split(":");
                    Path dep = inRepository(repository, ga[0], ga[1], version);
                    assertTrue(Files.isRegularFile(dep), () -> "the POM of " + key + ":" + version + " is not in "
                            + repository + " (set -Dmaven.repo.local when the build uses another repository)");
                    todo.push(dep);
                }
            }
        }
        return found;
    }

    @Test
    void libraryArtifact_atRunTime_dependsOnJoclAndAsmAlone() throws Exception {
        Map<String, String> runtime = runtimeClassPath(Path.of("pom.xml").toAbsolutePath(), localRepository());
        assertEquals(new TreeSet<>(ALLOWED), new TreeSet<>(runtime.keySet()), () -> "runtime class path: " + runtime);
        for (Map.Entry<String, String> e : runtime.entrySet()) {
            assertTrue(e.getValue() != null && !e.getValue().contains("${"), () -> "unresolved version: " + e);
        }
    }

    @Test
    void resolver_findsWhatATestScopeOrTransitiveDependencyWouldLeak() throws Exception {
        // The check above can fail: a POM like the library's with a compile-scope JUnit pulls in JUnit's own
        // dependencies (opentest4j, the platform commons, ...), and a test-scope one pulls in nothing.
        Path dir = Files.createTempDirectory("lean-artifact");
        try {
            String junit = new String(Files.readAllBytes(Path.of("pom.xml")), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("<scope>test</scope>", "<scope>compile</scope>");
            Path library = dir.resolve("library");
            Files.createDirectories(library);
            Files.writeString(library.resolve("pom.xml"), junit);
            Files.copy(Path.of("..", "pom.xml").toAbsolutePath(), dir.resolve("pom.xml"));
            Map<String, String> leaked = runtimeClassPath(library.resolve("pom.xml"), localRepository());
            assertTrue(leaked.containsKey("org.junit.jupiter:junit-jupiter"), leaked::toString);
            assertTrue(leaked.size() > ALLOWED.size() + 1, () -> "JUnit's own dependencies too: " + leaked);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
