package mim.plugin.tracker.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mim.core.bencode.BDict;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import mim.core.tracker.TrackerPeerSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session's tracker source announcing through this plugin to a WireMock tracker, on real time. */
class TrackerSourceOverHttpTest {
    @RegisterExtension
    static final WireMockExtension tracker = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
            .build();

    /** A sink for calls from the scheduler's thread. */
    private static final class Sink implements PeerSink {
        final List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();
        final List<String> statuses = new CopyOnWriteArrayList<>();

        @Override
        public void peers(String source, Collection<InetSocketAddress> found) {
            peers.addAll(found);
        }

        @Override
        public void status(String source, String message) {
            statuses.add(message);
        }

        @Override
        public TransferStats stats() {
            return new TransferStats(0, 0, 100);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private List<LoggedRequest> announces() {
        return tracker.findAll(getRequestedFor(urlPathEqualTo("/announce")));
    }

    @Test
    void echoesTheTrackerIdOnTheNextAnnounceAndSaysGoodbye() throws Exception {
        tracker.stubFor(get(urlPathEqualTo("/announce")).willReturn(aResponse().withStatus(200).withBody(
                BDict.builder().put("interval", 1800).put("tracker id", "abc 1")
                        .put("peers", new byte[] {10, 0, 0, 9, 0x1a, (byte) 0xe1}).build().encode())));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        HttpTrackerClient client = new HttpTrackerClient();
        Sink sink = new Sink();
        try {
            TrackerPeerSource source = new TrackerPeerSource(List.of(client), scheduler, Duration.ofSeconds(1));
            String url = "http://127.0.0.1:" + tracker.getPort() + "/announce";
            PeerLookup lookup = source.start(new TorrentIdentity(Announces.INFO_HASH, List.of(List.of(url)), false, 6881,
                    Announces.PEER_ID), sink);
            lookup.event(TorrentEvent.STARTED, new TransferStats(0, 0, 100));
            await(() -> announces().size() >= 2, "a second announce");
            lookup.event(TorrentEvent.STOPPED, new TransferStats(0, 0, 100));
            lookup.close();
            await(() -> announces().size() >= 3, "the stopped announce");
            source.pendingStops().get(10, TimeUnit.SECONDS);

            List<LoggedRequest> sent = announces();
            assertTrue(sent.get(0).getUrl().contains("&event=started"), sent.get(0).getUrl());
            assertFalse(sent.get(0).getUrl().contains("trackerid"), sent.get(0).getUrl());
            assertTrue(sent.get(1).getUrl().endsWith("&key=" + sent.get(0).queryParameter("key").firstValue()
                    + "&trackerid=abc%201"), sent.get(1).getUrl());
            assertTrue(sent.get(2).getUrl().contains("&numwant=0&"), sent.get(2).getUrl());
            assertTrue(sent.get(2).getUrl().endsWith("&event=stopped&trackerid=abc%201"), sent.get(2).getUrl());
            assertEquals(3, sent.size());
            assertEquals(new InetSocketAddress("10.0.0.9", 6881), sink.peers.get(0));
            assertEquals(url + ": 1 peer", sink.statuses.get(0));
        } finally {
            scheduler.shutdownNow();
            client.close();
        }
    }
}
