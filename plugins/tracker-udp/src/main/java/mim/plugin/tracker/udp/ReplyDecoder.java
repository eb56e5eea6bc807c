package mim.plugin.tracker.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns tracker datagrams into {@link Reply.From}s. A datagram too short for its action, with a
 * peer list that is not whole entries, a negative interval or an unknown action is dropped and
 * counted: whoever sent it, it must cost us nothing but the count.
 *
 * <p>One per channel (not sharable); runs on the channel's event loop. {@link #malformed} may be
 * read from any thread. The input datagram is released by the base class; replies hold no buffers.
 */
final class ReplyDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private static final int HEADER = 8;
    private static final int ANNOUNCE_HEADER = 20;
    private static final int SCRAPE_ENTRY = 12;
    private static final int MAX_MESSAGE = 200;

    private final AtomicLong malformed = new AtomicLong();

    /** Datagrams dropped so far because their bytes made no sense. */
    long malformed() {
        return malformed.get();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        Reply reply = read(packet.content(), packet.sender().getAddress() instanceof Inet6Address);
        if (reply == null) {
            malformed.incrementAndGet();
        } else {
            out.add(new Reply.From(packet.sender(), reply));
        }
    }

    /** The reply these bytes hold, or {@code null} when they hold none. */
    private static Reply read(ByteBuf in, boolean overIpv6) {
        if (in.readableBytes() < HEADER) {
            return null;
        }
        int action = in.readInt();
        int transactionId = in.readInt();
        return switch (action) {
            case Requests.CONNECT -> in.readableBytes() < 8 ? null : new Reply.Connected(transactionId, in.readLong());
            case Requests.ANNOUNCE -> readAnnounced(in, transactionId, overIpv6);
            case Requests.SCRAPE -> readScraped(in, transactionId);
            case Requests.ERROR -> new Reply.Failed(transactionId, oneLine(in.readCharSequence(
                    in.readableBytes(), StandardCharsets.UTF_8).toString()));
            default -> null;
        };
    }

    private static Reply readAnnounced(ByteBuf in, int transactionId, boolean overIpv6) {
        int addressLength = overIpv6 ? 16 : 4;
        int entry = addressLength + 2;
        int peerBytes = in.readableBytes() - (ANNOUNCE_HEADER - HEADER);
        if (peerBytes < 0 || peerBytes % entry != 0) {
            return null;
        }
        int interval = in.readInt();
        int leechers = in.readInt();
        int seeders = in.readInt();
        if (interval < 0) {
            return null;
        }
        List<InetSocketAddress> peers = new ArrayList<>(in.readableBytes() / entry);
        byte[] ip = new byte[addressLength];
        while (in.isReadable()) {
            in.readBytes(ip);
            int port = in.readUnsignedShort();
            if (port != 0) { // nobody can be reached on port 0; some trackers pad with such entries
                peers.add(new InetSocketAddress(address(ip), port));
            }
        }
        return new Reply.Announced(transactionId, interval, leechers, seeders, peers);
    }

    private static Reply readScraped(ByteBuf in, int transactionId) {
        if (in.readableBytes() % SCRAPE_ENTRY != 0) {
            return null;
        }
        List<ScrapeStats> stats = new ArrayList<>(in.readableBytes() / SCRAPE_ENTRY);
        while (in.isReadable()) {
            stats.add(new ScrapeStats(in.readInt(), in.readInt(), in.readInt()));
        }
        return new Reply.Scraped(transactionId, stats);
    }

    private static InetAddress address(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /**
     * The tracker's text as one short line: no control characters, at most 200 characters. C1
     * controls too (U+0080 to U+009F), which {@code \p{Cntrl}} leaves: a terminal may take U+009B
     * for the start of an escape sequence.
     */
    private static String oneLine(String text) {
        String line = text.replaceAll("\\p{Cc}+", " ").strip();
        if (line.isEmpty()) {
            return "no reason given";
        }
        return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "..." : line;
    }
}
