package mim.core.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import mim.core.metainfo.InfoHash;
import mim.core.wire.mse.MessageStreamEncryption;

/**
 * Sizes a peer connection's reads ({@link PeerReads}) and assembles its pipeline, from the socket up:
 * <pre>
 * flushes       FlushConsolidationHandler: what handlers flush while a read is being handled goes out
 *               in one write when the read is done (a megabyte read of blocks refills the requests
 *               several times); a flush outside a read goes out at once
 * idle          IdleStateHandler: reader idle = read/write timeout, writer idle = keep-alive interval
 * writeTimeout  StalledWriteCheck: our flushed data not taken by the peer within the read/write timeout
 * mse           unless encryption is disabled: outgoing, the MSE initiator; incoming, first a sniffer
 *               that tells plain from encrypted and leaves, or becomes the MSE responder. The MSE
 *               handler leaves, in its turn, an RC4 codec ("crypto") or nothing.
 * encoder       MessageEncoder
 * handshake     HandshakeDecoder, which becomes "messages" (MessageDecoder: framing and messages)
 * peer          the dispatcher that calls the PeerHandler
 * </pre>
 *
 * <p>An {@link #incoming} initializer is shared by every child channel of a server and calls its
 * lookup function (which must be safe to call from several event loops) once per connection. An
 * {@link #outgoing} initializer belongs to one connection, since its binding names one handler;
 * {@link #connect} makes one for each call.
 */
public final class PeerChannelInitializer extends ChannelInitializer<Channel> {
    private final WireConfig config;
    private final Function<InfoHash, Optional<TorrentBinding>> lookup;
    private final Supplier<? extends Iterable<InfoHash>> served;
    private final TorrentBinding binding;

    private PeerChannelInitializer(WireConfig config, Function<InfoHash, Optional<TorrentBinding>> lookup,
                                   Supplier<? extends Iterable<InfoHash>> served, TorrentBinding binding) {
        this.config = config;
        this.lookup = lookup;
        this.served = served;
        this.binding = binding;
    }

    /**
     * For a server's child channels: peers that connect to us, bound by the info-hash they ask for.
     * An encrypted handshake names its torrent only by a hash of the info-hash, so {@code served}
     * lists the info-hashes we serve (called once per encrypted handshake, from any event loop:
     * a snapshot or a concurrent collection); the lookup is then asked about that torrent alone.
     */
    public static PeerChannelInitializer incoming(WireConfig config, Function<InfoHash, Optional<TorrentBinding>> lookup,
                                                  Supplier<? extends Iterable<InfoHash>> served) {
        return new PeerChannelInitializer(config, lookup, served, null);
    }

    /**
     * As {@link #incoming(WireConfig, Function, Supplier)} for a server that cannot list its
     * torrents: an encrypted handshake finds none of them and is refused.
     */
    public static PeerChannelInitializer incoming(WireConfig config, Function<InfoHash, Optional<TorrentBinding>> lookup) {
        return incoming(config, lookup, List::of);
    }

    /**
     * For one connection we open about {@code binding}'s torrent; it starts with MSE unless
     * {@code config}'s encryption is {@link EncryptionPolicy#DISABLE}d.
     */
    public static PeerChannelInitializer outgoing(WireConfig config, TorrentBinding binding) {
        return new PeerChannelInitializer(config, null, null, binding);
    }

    /**
     * Connects to {@code remote} with {@code bootstrap}'s group and channel type, within
     * {@link WireConfig#connectTimeout}. If the connection cannot be made, the binding's handler gets
     * {@code onClosed} with {@link CloseReason.Kind#CONNECT_FAILED}; otherwise the usual sequence.
     */
    public static ChannelFuture connect(Bootstrap bootstrap, SocketAddress remote, WireConfig config,
                                        TorrentBinding binding) {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        ChannelFuture future = bootstrap.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(outgoing(config, binding))
                .connect(remote);
        // A channel that never became active gets no channelInactive, so this is the only report.
        future.addListener(done -> {
            if (!done.isSuccess()) {
                binding.handler().onClosed(new CloseReason(CloseReason.Kind.CONNECT_FAILED,
                        "peer " + remote + ": " + done.cause().getMessage()));
            }
        });
        return future;
    }

    @Override
    protected void initChannel(Channel ch) {
        boolean outgoing = binding != null;
        long timeout = config.readWriteTimeout().toMillis();
        ch.config().setRecvByteBufAllocator(new PeerReads());
        ch.pipeline()
                .addLast("flushes", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false))
                .addLast("idle", new IdleStateHandler(timeout, config.keepAliveInterval().toMillis(), 0,
                        TimeUnit.MILLISECONDS))
                .addLast("writeTimeout", new StalledWriteCheck(config.readWriteTimeout()));
        if (config.encryption() != EncryptionPolicy.DISABLE) {
            ch.pipeline().addLast(EncryptionSniffer.MSE, outgoing ? MessageStreamEncryption.initiator(config, binding.infoHash())
                    : new EncryptionSniffer(config, lookup, served));
        }
        ch.pipeline()
                .addLast("encoder", new MessageEncoder())
                .addLast("handshake", outgoing ? HandshakeDecoder.outgoing(config, binding)
                        : HandshakeDecoder.incoming(config, lookup))
                .addLast("peer", new PeerDispatcher(new PeerConnection(ch, outgoing), config,
                        outgoing ? binding.handler() : null));
    }
}
