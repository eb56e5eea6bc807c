package mim.plugin.dht;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns datagrams into KRPC messages for the node, and counts and drops those that are none. The
 * datagram's buffer is released here (after its bytes are copied for the bencode reader).
 *
 * <p>One per channel; runs on the channel's event loop.
 */
final class KrpcHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(KrpcHandler.class);

    private final DhtCounters counters;
    private final BiConsumer<Krpc, InetSocketAddress> node;

    KrpcHandler(DhtCounters counters, BiConsumer<Krpc, InetSocketAddress> node) {
        this.counters = counters;
        this.node = node;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        counters.received.increment();
        Krpc message;
        try {
            message = KrpcCodec.decode(ByteBufUtil.getBytes(packet.content()));
        } catch (MalformedPacket e) {
            switch (e.reason()) {
                case OVERSIZED -> counters.oversized.increment();
                case UNKNOWN_TYPE -> counters.unknownType.increment();
                default -> counters.malformed.increment();
            }
            LOG.trace("dropped a datagram from {}: {}", packet.sender(), e.getMessage());
            return;
        }
        node.accept(message, packet.sender());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A failed read or an ICMP error costs one datagram; the querier's timer covers the loss.
        LOG.debug("dht socket: {}", cause.toString());
    }
}
