package mim.plugin.tracker.udp;

import static mim.plugin.tracker.udp.Fixtures.await;
import static mim.plugin.tracker.udp.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mim.core.spi.AnnounceResponse;
import org.junit.jupiter.api.Test;

/** A group handed in stays the application's: the client neither owns nor stops it. */
class SharedGroupTest {

    @Test
    void closingTheClientLeavesASharedGroupRunning() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try (FakeTracker tracker = FakeTracker.open()) {
            UdpTrackerClient client = new UdpTrackerClient(group, Fixtures.PATIENT);
            CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url("/a"), request(null));
            tracker.acceptConnect(tracker.receiveConnect(), 42);
            FakeTracker.Received announce = tracker.receive();
            tracker.send(announce.sender(), FakeTracker.announced(announce.transactionId(), 60, 0, 0, new byte[0]));
            await(answer);
            client.close();
            assertFalse(group.isShuttingDown());
            assertEquals(42, group.submit(() -> 42).get(5, TimeUnit.SECONDS), "the group still runs tasks");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
