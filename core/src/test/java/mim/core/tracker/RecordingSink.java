package mim.core.tracker;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import mim.core.spi.PeerSink;
import mim.core.spi.TransferStats;

/** A {@link PeerSink} that keeps what it was given, for assertions; its totals are set by the test. */
final class RecordingSink implements PeerSink {
    record Delivery(String source, List<InetSocketAddress> peers) {}

    final List<Delivery> deliveries = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();
    TransferStats stats = new TransferStats(0, 0, 1000);

    @Override
    public void peers(String source, Collection<InetSocketAddress> peers) {
        deliveries.add(new Delivery(source, List.copyOf(peers)));
    }

    @Override
    public void status(String source, String message) {
        statuses.add(source + ": " + message);
    }

    @Override
    public TransferStats stats() {
        return stats;
    }

    String lastStatus() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
    }
}
