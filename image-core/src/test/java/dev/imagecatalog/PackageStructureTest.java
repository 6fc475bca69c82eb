package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shape of image-core's packages, read from its compiled main classes: no import cycle between packages (no
 * package reaches, through the packages it imports, a package that imports it), and no public type of an API or
 * SPI package naming an implementation ({@code internal}) type in its public or protected signatures.
 */
class PackageStructureTest {
    private static final String BASE = "dev.imagecatalog";

    /** The packages whose public types are API or SPI; {@code internal} and the packages under it are not. */
    private static final Set<String> API_PACKAGES = Set.of(BASE, BASE + ".error", BASE + ".config",
            BASE + ".policy", BASE + ".event", BASE + ".image", BASE + ".data", BASE + ".metadef", BASE + ".spi",
            BASE + ".memory", BASE + ".format", BASE + ".recovery", BASE + ".net", BASE + ".task",
            BASE + ".cache", BASE + ".snapshot");

    private static final Map<String, Set<String>> CLASS_REFERENCES = ClassReferences.of(mainClasses());

    @Test
    void noImportCycleBetweenPackages() {
        Map<String, Map<String, Set<String>>> graph = packageGraph();
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                StringBuilder s = new StringBuilder("cycle between " + component + ":");
                for (String from : component) {
                    graph.get(from).forEach((to, witnesses) -> {
                        if (component.contains(to)) {
                            s.append("\n  ").append(from).append(" -> ").append(to).append(" (")
                                    .append(witnesses.stream().limit(4).collect(Collectors.joining(", ")))
                                    .append(witnesses.size() > 4 ? ", ..." : "").append(')');
                        }
                    });
                }
                cycles.add(s.toString());
            }
        }
        assertThat(cycles).as("import cycles between image-core's packages").isEmpty();
    }

    /** The proof that the cycle search sees a cycle through several packages, and only the packages in it. */
    @Test
    void cycleSearchFindsCyclesThroughSeveralPackages() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        graph.put("a", new TreeMap<>(Map.of("b", Set.of())));
        graph.put("b", new TreeMap<>(Map.of("c", Set.of())));
        graph.put("c", new TreeMap<>(Map.of("a", Set.of(), "d", Set.of())));
        graph.put("d", new TreeMap<>());
        assertThat(stronglyConnected(graph)).filteredOn(component -> component.size() > 1)
                .containsExactly(Set.of("a", "b", "c"));
    }

    @Test
    void publicSignaturesOfApiTypesNameNoInternalType() throws ClassNotFoundException {
        List<String> leaks = new ArrayList<>();
        for (String name : CLASS_REFERENCES.keySet()) {
            if (!API_PACKAGES.contains(ClassReferences.packageOf(name))) {
                continue;
            }
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            if (!visibleOutside(type)) {
                continue;
            }
            check(type.getSimpleName() + " extends", type.getGenericSuperclass(), leaks, type);
            for (Type t : type.getGenericInterfaces()) {
                check(type.getSimpleName() + " implements", t, leaks, type);
            }
            for (TypeVariable<?> v : type.getTypeParameters()) {
                checkAll(type.getSimpleName() + "<" + v.getName() + ">", v.getBounds(), leaks, type);
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f, type)) {
                    check("field " + f.getName(), f.getGenericType(), leaks, type);
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c, type)) {
                    checkExecutable("constructor", c, leaks, type);
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m, type) && !m.isSynthetic()) {
                    check("method " + m.getName() + " returns", m.getGenericReturnType(), leaks, type);
                    checkExecutable("method " + m.getName(), m, leaks, type);
                }
            }
        }
        assertThat(leaks).as("internal types in public signatures of API and SPI types").isEmpty();
    }

    /** The proof that the checks see what they should: a package import written with a qualified name counts. */
    @Test
    void referencesIncludeQualifiedNamesAndSignatures() {
        assertThat(CLASS_REFERENCES.get(BASE + ".image.ImageQuery"))
                .contains(BASE + ".image.GlanceQueryParser", BASE + ".image.SortKey");
        assertThat(CLASS_REFERENCES.get(BASE + ".spi.MetadataRepository")).contains(BASE + ".metadef.MetadefRepository");
        assertThat(API_PACKAGES).contains(ClassReferences.packageOf(ImageCatalog.class.getName()));
    }

    /** The proof that the signature check flags an internal type, also as an array component. */
    @Test
    void signatureCheckFlagsInternalTypes() throws ClassNotFoundException {
        String internalName = CLASS_REFERENCES.keySet().stream()
                .filter(n -> ClassReferences.packageOf(n).startsWith(BASE + ".internal")).findFirst().orElseThrow();
        Class<?> internal = Class.forName(internalName, false, getClass().getClassLoader());
        List<String> leaks = new ArrayList<>();
        check("method m returns", internal, leaks, ImageCatalog.class);
        check("method m returns", java.lang.reflect.Array.newInstance(internal, 0).getClass(), leaks, ImageCatalog.class);
        check("method m returns", String.class, leaks, ImageCatalog.class);
        assertThat(leaks).containsExactly(
                ImageCatalog.class.getName() + ": method m returns " + internalName,
                ImageCatalog.class.getName() + ": method m returns " + internalName);
    }

    /** Package to imported package to the class references ({@code A -> B}) that make the import. */
    private static Map<String, Map<String, Set<String>>> packageGraph() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        CLASS_REFERENCES.forEach((from, tos) -> {
            String fromPackage = ClassReferences.packageOf(from);
            graph.computeIfAbsent(fromPackage, p -> new TreeMap<>());
            for (String to : tos) {
                String toPackage = ClassReferences.packageOf(to);
                if (CLASS_REFERENCES.containsKey(to) && !toPackage.equals(fromPackage)) {
                    graph.get(fromPackage).computeIfAbsent(toPackage, p -> new TreeSet<>())
                            .add(simple(from) + " -> " + simple(to));
                }
            }
        });
        return graph;
    }

    /** Tarjan's strongly connected components: packages that reach each other are in one component. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void connect(String p, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components) {
        index.put(p, index.size());
        low.put(p, index.get(p));
        stack.push(p);
        onStack.add(p);
        for (String q : graph.getOrDefault(p, Map.of()).keySet()) {
            if (!index.containsKey(q)) {
                connect(q, graph, index, low, stack, onStack, components);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (onStack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            Set<String> component = new TreeSet<>();
            String q;
            do {
                q = stack.pop();
                onStack.remove(q);
                component.add(q);
            } while (!q.equals(p));
            components.add(component);
        }
    }

    /** Public, or protected in a class that can be extended, in every enclosing class too. */
    private static boolean visibleOutside(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            int m = c.getModifiers();
            boolean extendable = c.getEnclosingClass() != null && !Modifier.isFinal(c.getEnclosingClass().getModifiers());
            if (!Modifier.isPublic(m) && !(Modifier.isProtected(m) && extendable)) {
                return false;
            }
            if (c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(Member member, Class<?> type) {
        int m = member.getModifiers();
        return Modifier.isPublic(m) || (Modifier.isProtected(m) && !Modifier.isFinal(type.getModifiers()));
    }

    private static void checkExecutable(String what, Executable e, List<String> leaks, Class<?> owner) {
        checkAll(what + " parameter", e.getGenericParameterTypes(), leaks, owner);
        checkAll(what + " throws", e.getGenericExceptionTypes(), leaks, owner);
        for (TypeVariable<?> v : e.getTypeParameters()) {
            checkAll(what + " <" + v.getName() + ">", v.getBounds(), leaks, owner);
        }
    }

    private static void checkAll(String what, Type[] types, List<String> leaks, Class<?> owner) {
        for (Type t : types) {
            check(what, t, leaks, owner);
        }
    }

    private static void check(String what, Type type, List<String> leaks, Class<?> owner) {
        Set<Class<?>> named = new HashSet<>();
        collect(type, named, new HashSet<>());
        for (Class<?> c : named) {
            if (isInternal(c)) {
                leaks.add(owner.getName() + ": " + what + " " + c.getName());
            }
        }
    }

    private static void collect(Type type, Set<Class<?>> named, Set<Type> seen) {
        if (type == null || !seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            named.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), named, seen);
            collect(p.getOwnerType(), named, seen);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, named, seen);
            }
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), named, seen);
        } else if (type instanceof WildcardType w) {
            for (Type t : w.getUpperBounds()) {
                collect(t, named, seen);
            }
            for (Type t : w.getLowerBounds()) {
                collect(t, named, seen);
            }
        } else if (type instanceof TypeVariable<?> v) {
            for (Type t : v.getBounds()) {
                collect(t, named, seen);
            }
        }
    }

    private static boolean isInternal(Class<?> c) {
        String p = c.getPackageName();
        return p.equals(BASE + ".internal") || p.startsWith(BASE + ".internal.");
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static Path mainClasses() {
        try {
            return Path.of(ImageCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
