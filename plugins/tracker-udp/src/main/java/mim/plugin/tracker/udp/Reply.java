package mim.plugin.tracker.udp;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A tracker's datagram, decoded and checked for its shape by {@link ReplyDecoder}; whether it
 * answers anything we asked is for the exchange holding its transaction id to say. Immutable.
 */
sealed interface Reply {

    int transactionId();

    /** Action 0: the connection id to use for the next minute. */
    record Connected(int transactionId, long connectionId) implements Reply {}

    /** Action 1: the announce's answer; peers are IPv4 or IPv6 as the tracker was reached. */
    record Announced(int transactionId, int interval, int leechers, int seeders, List<InetSocketAddress> peers)
            implements Reply {
        public Announced {
            peers = List.copyOf(peers);
        }
    }

    /** Action 2: one entry per info-hash asked, in the order asked. */
    record Scraped(int transactionId, List<ScrapeStats> stats) implements Reply {
        public Scraped {
            stats = List.copyOf(stats);
        }
    }

    /** Action 3: the tracker refuses, with a message for the user (made one line). */
    record Failed(int transactionId, String message) implements Reply {}

    /** A reply and the address it came from. */
    record From(InetSocketAddress sender, Reply reply) {}
}
