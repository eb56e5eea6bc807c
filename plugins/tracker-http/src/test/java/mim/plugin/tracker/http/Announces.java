package mim.plugin.tracker.http;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.bencode.BDict;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TransferStats;

/** Requests and answers the tests share. */
final class Announces {
    private Announces() {}

    /** An info-hash holding every kind of byte: unreserved, reserved, '%', '+', space, controls, high. */
    static final byte[] INFO_HASH = {
        0x00, 0x01, 0x1f, ' ', '%', '+', '&', '=', '?', '/', '-', '.', '_', '~', 'A', 'z', '0', '9', (byte) 0x7f, (byte) 0xff
    };
    /** The same bytes as an announce must send them. */
    static final String INFO_HASH_ENCODED = "%00%01%1F%20%25%2B%26%3D%3F%2F-._~Az09%7F%FF";
    static final byte[] PEER_ID = "-MM0001-\u00e9abcdefghijk".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    static final String PEER_ID_ENCODED = "-MM0001-%E9abcdefghijk";

    static AnnounceRequest request(TorrentEvent event) {
        return request(event, null);
    }

    /** A request to be sent from {@code local}. */
    static AnnounceRequest request(TorrentEvent event, java.net.InetAddress local) {
        return new AnnounceRequest(INFO_HASH, PEER_ID, 6881, new TransferStats(10, 20, 30), event, 50, 0x0badcafe, null,
                local);
    }

    /** A minimal valid answer, to which a test adds what it is about. */
    static BDict.Builder answer() {
        return BDict.builder().put("interval", 1800);
    }

    static AnnounceResponse await(CompletableFuture<AnnounceResponse> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** The message of the network failure the future completes with. */
    static String failure(CompletableFuture<AnnounceResponse> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(MimException.Network.class, e.getCause()).getMessage();
    }
}
