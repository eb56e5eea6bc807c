package mim.plugin.dht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Nodes of ours on 127.0.0.1 for tests, each on a port the system chose, and closed together.
 * Bootstrap lists are always explicit loopback addresses: no test ever reaches a public router.
 */
final class Network implements AutoCloseable {
    static final DhtConfig.Limits GENEROUS = new DhtConfig.Limits(10_000, 10_000, 10_000, 10_000);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<DhtNode> nodes = new ArrayList<>();
    private final Path dir;

    /** @param dir where state files go when a test asks for persistence */
    Network(Path dir) {
        this.dir = dir;
    }

    static DhtConfig config(List<InetSocketAddress> bootstrap) {
        return new DhtConfig().withBindAddress(LOOPBACK, 0)
                .withBootstrap(bootstrap.stream().map(a -> new DhtConfig.HostPort(a.getHostString(), a.getPort())).toList())
                .withPersistence(false, Path.of("/nonexistent/dht.json"))
                .withLimits(GENEROUS);
    }

    /** A started node that bootstrapped from {@code bootstrap}, with no state file. */
    DhtNode start(List<InetSocketAddress> bootstrap) {
        return start(config(bootstrap));
    }

    DhtNode start(DhtConfig config) {
        DhtNode node = begin(config);
        await(node.start(0));
        return node;
    }

    /** A node not yet started, closed with the others. */
    DhtNode begin(DhtConfig config) {
        DhtNode node = new DhtNode(config);
        nodes.add(node);
        return node;
    }

    Path dir() {
        return dir;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
    }

    /** Waits for {@code condition}, checking every few milliseconds, for at most ten seconds. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(DhtNode::close);
    }
}
