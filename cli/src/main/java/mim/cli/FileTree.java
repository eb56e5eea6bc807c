package mim.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mim.core.metainfo.FileEntry;

/**
 * A torrent's files as an indented tree for people: directories first seen first, each with the total
 * size of what it holds, files with their size and BEP 47 attributes ({@code x} executable,
 * {@code h} hidden, {@code l} symlink with its target). Pad files are left out unless asked for, then
 * marked {@code p}. Immutable once built.
 */
final class FileTree {
    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        FileEntry file;
        long size;

        Node(String name) {
            this.name = name;
        }
    }

    private record Line(String name, long size, String attributes) {}

    private final List<Line> lines = new ArrayList<>();
    private final int hiddenPads;

    FileTree(List<FileEntry> files, boolean showPadFiles) {
        Node root = new Node("");
        int pads = 0;
        for (FileEntry f : files) {
            if (f.pad() && !showPadFiles) {
                pads++;
                continue;
            }
            Node at = root;
            at.size += f.length();
            for (String component : f.path()) {
                at = at.children.computeIfAbsent(component, Node::new);
                at.size += f.length();
            }
            at.file = f;
        }
        this.hiddenPads = pads;
        root.children.values().forEach(n -> collect(n, 0));
    }

    private void collect(Node node, int depth) {
        String indent = "  ".repeat(depth);
        if (node.file != null && node.children.isEmpty()) {
            lines.add(new Line(indent + node.name, node.size, attributes(node.file)));
            return;
        }
        lines.add(new Line(indent + node.name + "/", node.size, ""));
        node.children.values().forEach(n -> collect(n, depth + 1));
    }

    private static String attributes(FileEntry f) {
        StringBuilder a = new StringBuilder();
        if (f.pad()) {
            a.append('p');
        }
        if (f.executable()) {
            a.append('x');
        }
        if (f.hidden()) {
            a.append('h');
        }
        if (f.isSymlink()) {
            a.append("l -> ").append(String.join("/", f.symlinkTarget()));
        }
        return a.toString();
    }

    /** Pad files left out of the listing. */
    int hiddenPadFiles() {
        return hiddenPads;
    }

    /** One string a line: name, then the size right-aligned in one column, then any attributes. */
    List<String> render() {
        int nameWidth = lines.stream().mapToInt(l -> l.name().length()).max().orElse(0);
        List<String> sizes = lines.stream().map(l -> Sizes.human(l.size())).toList();
        int sizeWidth = sizes.stream().mapToInt(String::length).max().orElse(0);
        List<String> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            String row = l.name() + " ".repeat(nameWidth - l.name().length() + 2)
                    + " ".repeat(sizeWidth - sizes.get(i).length()) + sizes.get(i)
                    + (l.attributes().isEmpty() ? "" : "  " + l.attributes());
            out.add(row);
        }
        return out;
    }
}
