package mim.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Deterministic pseudo-random test content, and SHA-256 digests to check every byte of a copy.
 *
 * <p>A file's bytes depend only on its name within the content (the single file's own name, or
 * its path inside the tree) and a seed: the same content made twice is the same bytes. They come
 * from SplitMix64, written out here so that the bytes never change with the JDK. Stateless.
 */
public final class TestData {
    private static final int BLOCK = 1 << 20;

    private TestData() {
    }

    /** Writes one file of {@code size} bytes at {@code file}. */
    public static void file(Path file, long size, long seed) {
        write(file, size, seed ^ nameHash(file.getFileName().toString()));
    }

    /**
     * Writes a tree under {@code dir} from a spec such as {@code a.bin=1,sub/b.bin=16383,zero.bin=0}:
     * comma-separated {@code path=size} items, sizes as {@link #parseSize} reads them.
     */
    public static void tree(Path dir, String spec, long seed) {
        for (Map.Entry<String, Long> item : parseTree(spec).entrySet()) {
            write(dir.resolve(item.getKey()), item.getValue(), seed ^ nameHash(item.getKey()));
        }
    }

    /** The items of a tree spec, in order. Paths are relative, without {@code ..}. */
    public static Map<String, Long> parseTree(String spec) {
        Map<String, Long> items = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            int eq = item.indexOf('=');
            String path = eq < 0 ? "" : item.substring(0, eq).trim();
            if (path.isEmpty() || path.startsWith("/") || Path.of(path).normalize().startsWith("..")
                    || items.containsKey(path)) {
                throw new IllegalArgumentException("bad tree item '" + item + "' in " + spec);
            }
            items.put(path, parseSize(item.substring(eq + 1)));
        }
        return items;
    }

    /** Bytes from {@code 16383}, {@code 64M}, {@code 4K}, {@code 1G} or {@code 5M+7} (binary units). */
    public static long parseSize(String text) {
        String s = text.trim();
        long extra = 0;
        int plus = s.indexOf('+');
        if (plus >= 0) {
            extra = Long.parseLong(s.substring(plus + 1));
            s = s.substring(0, plus);
        }
        long unit = 1;
        char last = s.isEmpty() ? ' ' : Character.toUpperCase(s.charAt(s.length() - 1));
        switch (last) {
            case 'K': unit = 1L << 10; break;
            case 'M': unit = 1L << 20; break;
            case 'G': unit = 1L << 30; break;
            default: break;
        }
        if (unit != 1) {
            s = s.substring(0, s.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(s), unit) + extra;
    }

    /**
     * SHA-256 of every regular file in {@code content} (a file or a directory), keyed by its path
     * relative to the content's parent, so the content's own name is part of the key and the maps
     * of an original and of its download compare equal only if names and bytes are the same.
     */
    public static Map<String, String> sha256(Path content) {
        Path base = content.toAbsolutePath().getParent();
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(content)) {
            files.filter(Files::isRegularFile).forEach(f -> digests.put(
                    base.relativize(f.toAbsolutePath()).toString(), sha256Hex(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digests;
    }

    private static String sha256Hex(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[BLOCK];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, long size, long seed) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
                long state = seed;
                for (long left = size; left > 0; ) {
                    block.clear();
                    while (block.remaining() >= Long.BYTES) {
                        state += 0x9E3779B97F4A7C15L;
                        block.putLong(mix(state));
                    }
                    block.flip().limit((int) Math.min(BLOCK, left));
                    left -= block.remaining();
                    while (block.hasRemaining()) {
                        out.write(block);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SplitMix64's output function. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long nameHash(String name) {
        long h = 0x6D696D2D64617461L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h + b);
        }
        return h;
    }
}
