package dev.imagecatalog.store.filesystem;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a disk holds for good under one folder, as POSIX promises it (and no more): a file's bytes are durable as of
 * its last {@code fsync}/{@code fdatasync}, a directory's entries (names and the files they name) as of the
 * directory's last {@code fsync}. Whatever was not forced is lost in a power cut: a file never forced comes back
 * empty, a name created or renamed into a directory not forced since is gone, a name removed from such a directory
 * comes back (with its last forced bytes).
 *
 * <p>Files and directories are followed by their identity ({@code st_dev}/{@code st_ino}, the file key), so a
 * rename keeps what was forced for the file; an identity freed by a delete or a replacing rename is forgotten, so a
 * reused inode number starts a new file. Everything under the folder when the model starts counts as durable.
 */
final class DiskModel {
    private static final class Node {
        final boolean directory;
        byte[] content = new byte[0];
        Map<String, Node> entries = new TreeMap<>();

        Node(boolean directory) {
            this.directory = directory;
        }
    }

    private final Path realRoot;
    private final Node root;
    private final Map<Object, Node> live = new HashMap<>();
    private final List<String> forces = new ArrayList<>();

    /** Starts a model of {@code realRoot} (a folder of the default file system) with everything in it durable. */
    DiskModel(Path realRoot) throws IOException {
        this.realRoot = realRoot.toAbsolutePath().normalize();
        this.root = snapshot(this.realRoot);
    }

    private Node snapshot(Path p) throws IOException {
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        Node n = new Node(dir);
        live.put(keyOf(p), n);
        if (dir) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path child : children) {
                    n.entries.put(child.getFileName().toString(), snapshot(child));
                }
            }
        } else {
            n.content = Files.readAllBytes(p);
        }
        return n;
    }

    static Object keyOf(Path real) throws IOException {
        return Objects.requireNonNull(Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey(), "this file system reports no file keys");
    }

    private boolean modelled(Path real) {
        return real.toAbsolutePath().normalize().startsWith(realRoot);
    }

    private Node node(Object key, boolean directory) {
        return live.computeIfAbsent(key, k -> new Node(directory));
    }

    /**
     * An {@code fsync} of the file or directory {@code key}, opened as {@code real}, is about to start: what it holds
     * now (its bytes, or its entries) is what the sync makes durable. Run the returned action once the sync
     * returned; writes made while it runs are not counted as durable.
     */
    synchronized Runnable forcing(Path real, Object key) throws IOException {
        if (!modelled(real)) {
            return () -> { };
        }
        Path where = locate(real, key);
        if (where == null) {
            return () -> { }; // unlinked: nothing reachable becomes durable
        }
        String name = realRoot.relativize(where).toString();
        if (Files.isDirectory(where, LinkOption.NOFOLLOW_LINKS)) {
            Map<String, Node> entries = new TreeMap<>();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(where)) {
                for (Path child : children) {
                    entries.put(child.getFileName().toString(),
                            node(keyOf(child), Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)));
                }
            }
            Node n = node(key, true);
            return () -> forced(name + "/", () -> n.entries = entries);
        }
        byte[] content = Files.readAllBytes(where);
        Node n = node(key, false);
        return () -> forced(name, () -> n.content = content);
    }

    private synchronized void forced(String name, Runnable update) {
        update.run();
        forces.add(name);
    }

    /** The file {@code key} lost its last name (delete, or replaced by a rename): its identity may be reused. */
    synchronized void unlinked(Object key) {
        live.remove(key);
    }

    /** What was forced so far, in order (paths relative to the root; directories end with '/'). */
    synchronized List<String> forces() {
        return List.copyOf(forces);
    }

    private Path locate(Path real, Object key) throws IOException {
        if (Files.exists(real, LinkOption.NOFOLLOW_LINKS) && keyOf(real).equals(key)) {
            return real;
        }
        try (Stream<Path> all = Files.walk(realRoot)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                try {
                    if (keyOf(p).equals(key)) {
                        return p;
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed while we looked
                }
            }
        }
        return null;
    }

    /**
     * The power cut: the folder's contents are replaced by what was durable. The model is spent afterwards (a new
     * one starts from what is left).
     */
    synchronized void cut() throws IOException {
        Files.walkFileTree(realRoot, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (!dir.equals(realRoot)) {
                    Files.delete(dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Set<Node> onPath = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        onPath.add(root);
        materialize(realRoot, root, onPath);
        live.clear();
    }

    private static void materialize(Path dir, Node node, Set<Node> onPath) throws IOException {
        for (Map.Entry<String, Node> e : node.entries.entrySet()) {
            Path target = dir.resolve(e.getKey());
            Node child = e.getValue();
            if (child.directory) {
                Files.createDirectory(target);
                if (onPath.add(child)) {
                    materialize(target, child, onPath);
                    onPath.remove(child);
                }
            } else {
                Files.write(target, child.content);
            }
        }
    }
}
