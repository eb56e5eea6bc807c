package mim.core.wire.mse;

import io.netty.channel.ChannelHandler;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import mim.core.metainfo.InfoHash;
import mim.core.wire.TorrentBinding;
import mim.core.wire.WireConfig;

/**
 * Message Stream Encryption (the Vuze/Azureus "MSE" or "PE" protocol) as Netty handlers, for
 * {@link mim.core.wire.PeerChannelInitializer} to place below the BitTorrent handshake: 768-bit
 * Diffie-Hellman, then RC4 (each direction keyed from the shared secret and the info-hash, its first
 * 1024 bytes discarded) or, if both sides agree, plaintext.
 *
 * <p>Each handler runs the handshake for one channel, holds back what the layers above write until
 * the stream is settled, and then leaves an RC4 codec in its place (pipeline name
 * {@value #CODEC}) or nothing. It fails the connection, with {@link EncryptionFailed}, on a missing
 * synchronisation marker, a pad over 512 bytes, no acceptable crypto method, a peer that closes,
 * or {@link WireConfig#encryptionTimeout} elapsing; it buffers at most what the handshake's limits
 * allow plus one read. Key pairs come from a {@link SecureRandom}.
 *
 * <p>The factories are safe from any thread; each handler they make belongs to one channel and
 * runs on its event loop.
 */
public final class MessageStreamEncryption {
    /** The pipeline name of the codec that encrypts the connection once RC4 was selected. */
    public static final String CODEC = MseHandshake.CODEC;

    private static final SecureRandom RANDOM = new SecureRandom();

    private MessageStreamEncryption() {
    }

    /** Side A, for a connection we open about {@code infoHash}, offering what {@code config}'s policy allows. */
    public static ChannelHandler initiator(WireConfig config, InfoHash infoHash) {
        return new MseInitiator(config, infoHash.truncated(), RANDOM);
    }

    /**
     * Side B, for a connection a peer opened to us. {@code served} lists the torrents we serve
     * (called once per handshake, on the channel's event loop); {@code lookup} is the plain
     * handshake's, and is asked only about the torrent the peer named in the encrypted handshake.
     */
    public static ChannelHandler responder(WireConfig config, Function<InfoHash, Optional<TorrentBinding>> lookup,
                                           Supplier<? extends Iterable<InfoHash>> served) {
        return new MseResponder(config, lookup, served, RANDOM);
    }
}
