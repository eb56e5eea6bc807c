package mim.core.wire.mse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.InfoHash;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.FuzzedConnection;
import mim.core.wire.PeerChannelInitializer;
import mim.core.wire.PeerId;
import mim.core.wire.TorrentBinding;
import mim.core.wire.WireConfig;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The receiving side of the encrypted handshake, in the real incoming pipeline (sniffer, MSE
 * responder, then the BitTorrent handshake and messages): whatever the initiator sends, it settles
 * the stream or fails with one of the decoders' own errors, the connection closing for a reason
 * that blames the peer; no buffer outlives the channel (see {@link FuzzedConnection}).
 *
 * <p>Random bytes rarely get past the key exchange, since the synchronisation hash depends on the
 * shared secret. So an input may instead have this test play the initiator honestly up to there,
 * and encrypt the rest of the input as the initiator's stream: the responder then reads exactly
 * the fuzzed VC, crypto_provide, pads, IA and what follows. The first byte sets the scene:
 * <pre>
 * bit 0     guided: byte 1 is the length of pad A, byte 2 bit 0 names a torrent we do not serve,
 *           the rest is the plaintext of the encrypted part; else every byte goes as it is
 * bit 1     the policy is require (else prefer)
 * bits 4-7  n: the bytes arrive in reads of 2^(n-1) bytes, or all in one read for n = 0
 * </pre>
 * Stored inputs: {@code MseResponderFuzzTestInputs/receive}.
 */
@ExtendWith(RegressionInputs.class)
class MseResponderFuzzTest {
    private static final InfoHash TORRENT = InfoHash.fromHex("e928e99c4816ebc74776cc93328a226e00243ef8");
    private static final FileLayout LAYOUT = new FileLayout(16384, List.of(FileEntry.of(List.of("data.bin"), 2 * 16384 + 1000, 0)));
    private static final byte[] STRANGER = InfoHash.fromHex("ff".repeat(20)).truncated();
    private static final WireConfig PREFER = WireConfig.defaults(PeerId.of("-MM0001-msefuzz00000".getBytes(StandardCharsets.US_ASCII)))
            .withEncryption(EncryptionPolicy.PREFER);

    @FuzzTest
    void receive(byte[] input) throws Exception {
        AllocationLimit.check(input.length, () -> run(input));
    }

    private static void run(byte[] input) throws Exception {
        int scene = input.length == 0 ? 0 : input[0] & 0xff;
        boolean guided = (scene & 1) != 0;
        WireConfig config = (scene & 2) != 0 ? PREFER.withEncryption(EncryptionPolicy.REQUIRE) : PREFER;
        int n = scene >>> 4;
        int chunk = n == 0 ? Integer.MAX_VALUE : 1 << (n - 1);

        FuzzedConnection connection = new FuzzedConnection();
        TorrentBinding binding = new TorrentBinding(TORRENT, LAYOUT, connection);
        connection.open(PeerChannelInitializer.incoming(config, connection.lookup(binding), () -> List.of(TORRENT)), false);
        if (!guided) {
            connection.receive(input, 1, input.length, chunk);
        } else {
            int padA = input.length > 1 ? input[1] & 0xff : 0;
            boolean stranger = input.length > 2 && (input[2] & 1) != 0;
            HandMadePeer initiator = new HandMadePeer();
            byte[] hello = initiator.publicKey(padA);
            connection.receive(hello, 0, hello.length, chunk);
            byte[] answer = connection.sent();
            if (answer.length >= DiffieHellman.KEY_LENGTH) {
                initiator.agree(answer);
                byte[] rest = HandMadePeer.concat(initiator.hashes(stranger ? STRANGER : TORRENT.truncated()),
                        initiator.encrypt(Arrays.copyOfRange(input, Math.min(3, input.length), input.length)));
                connection.receive(rest, 0, rest.length, chunk);
            }
        }
        connection.finish();
    }
}
