package mim.plugin.tracker.udp;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;

/**
 * What an exchange asks once it holds a connection id, and how it reads the answer. Immutable.
 *
 * @param <T> the answer's type
 */
sealed interface Query<T> {

    /** Writes the whole request. */
    void write(ByteBuf out, long connectionId, int transactionId);

    /**
     * The answer in this reply (whose transaction id matched), or {@code null} when the reply is no
     * answer to this query: another action, or a scrape with the wrong number of entries.
     */
    T answer(Reply reply);

    /** Action 1, with the URL's path and query as BEP 41 URL data. */
    record Announce(AnnounceRequest request, byte[] urlData) implements Query<AnnounceResponse> {
        @Override
        public void write(ByteBuf out, long connectionId, int transactionId) {
            Requests.writeAnnounce(out, connectionId, transactionId, request, urlData);
        }

        @Override
        public AnnounceResponse answer(Reply reply) {
            if (!(reply instanceof Reply.Announced a)) {
                return null;
            }
            return new AnnounceResponse(Duration.ofSeconds(a.interval()), null, null, null, a.peers(),
                    a.seeders(), a.leechers());
        }
    }

    /** Action 2, for up to 74 info-hashes. */
    record Scrape(List<byte[]> infoHashes) implements Query<List<ScrapeStats>> {
        @Override
        public void write(ByteBuf out, long connectionId, int transactionId) {
            Requests.writeScrape(out, connectionId, transactionId, infoHashes);
        }

        @Override
        public List<ScrapeStats> answer(Reply reply) {
            if (reply instanceof Reply.Scraped s && s.stats().size() == infoHashes.size()) {
                return s.stats();
            }
            return null;
        }
    }
}
