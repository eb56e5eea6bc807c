package mim.plugin.tracker.udp;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mim.core.MimException;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TransferStats;

/** What the tests of the client share: a request, clients with short timeouts, awaiting futures. */
final class Fixtures {
    static final byte[] INFO_HASH = bytes(20, 1);
    static final byte[] PEER_ID = "-MM0001-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
    static final int KEY = 0x12345678;

    private Fixtures() {}

    static byte[] bytes(int length, int first) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    static AnnounceRequest request(TorrentEvent event) {
        return new AnnounceRequest(INFO_HASH, PEER_ID, 6881, new TransferStats(1000, 2000, 3000), event, 50, KEY,
                null);
    }

    /** Resends rarely: for tests of what is sent and answered, where a resend would only be noise. */
    static final Retransmission PATIENT = new Retransmission(Duration.ofMillis(500), 3);
    /** Resends after 50 ms, 100 ms, 200 ms, then gives up. */
    static final Retransmission QUICK = new Retransmission(Duration.ofMillis(50), 2);
    /** Resends from 50 ms on, doubling, up to BEP 15's eight times. */
    static final Retransmission QUICK_BUT_PERSISTENT = new Retransmission(Duration.ofMillis(50), 8);

    /** A client on its own group, looking hosts up with the system's resolver. */
    static UdpTrackerClient client(AtomicLong nanoClock, Retransmission retransmission) {
        return client(nanoClock, retransmission, UdpTrackerClient.DEFAULT_MAX_PENDING, InetAddress::getByName);
    }

    static UdpTrackerClient client(AtomicLong nanoClock, Retransmission retransmission, int maxPending,
            UdpTrackerClient.HostLookup lookup) {
        return new UdpTrackerClient(null, retransmission, maxPending, nanoClock::get, lookup);
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    /** The network failure the future completed with. */
    static MimException.Network failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(MimException.Network.class, e.getCause());
    }
}
