package mim.core.session;

import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import mim.core.metadata.MetadataMessage;
import mim.core.wire.CloseReason;
import mim.core.wire.ExtensionHandshake;
import mim.core.wire.Handshake;
import mim.core.wire.Message;
import mim.core.wire.PeerConnection;
import mim.core.wire.PeerHandler;
import mim.core.wire.ProtocolViolation;

/**
 * One connection of a {@link MetadataFetch}: a peer we ask for the info dictionary, and that may
 * speak the session's wire extensions (peer exchange) with the fetch. It sends our extension
 * handshake (without {@code metadata_size}: we have none), reads the peer's, carries ut_metadata
 * messages between the peer and the fetch, which decides what to request, and hands what arrives
 * under a wire extension's id to the fetch's {@link WireExtensions}. Requests the peer sends us are
 * rejected. Of the other messages only have-all is read (it makes the peer a seed for peer
 * exchange's flags); the rest are dropped unread, as the connection's decoder, which knows no piece
 * geometry, lets no block through.
 *
 * <p>States: connecting -> established ({@link #onHandshake} accepted by the fetch) -> closed.
 *
 * <p>Threading: all state is the fetch's loop's; every {@link PeerHandler} call first moves there,
 * as a torrent's {@link Peer} does.
 */
final class FetchPeer implements PeerHandler, ExtensionPeer {
    private final MetadataFetch fetch;
    private final boolean outgoing;
    private final PeerExtensions extensions = new PeerExtensions();
    /** Our open requests: piece to when it was asked ({@link System#nanoTime()}). */
    final Map<Integer, Long> asked = new HashMap<>();
    private InetSocketAddress address;
    private PeerConnection connection;
    private Handshake remote;
    private boolean established;
    private boolean closed;
    private boolean seed;

    FetchPeer(MetadataFetch fetch, InetSocketAddress address, boolean outgoing) {
        this.fetch = fetch;
        this.address = address;
        this.outgoing = outgoing;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public PeerExtensions extensions() {
        return extensions;
    }

    InetAddress ip() {
        return address == null ? null : address.getAddress();
    }

    @Override
    public boolean isOutgoing() {
        return outgoing;
    }

    Handshake remote() {
        return remote;
    }

    @Override
    public boolean isEstablished() {
        return established && !closed;
    }

    /** Whether it said have-all: with no piece count, a fetch cannot tell a complete bitfield. */
    @Override
    public boolean isSeed() {
        return seed;
    }

    @Override
    public boolean isEncrypted() {
        return connection != null && connection.isEncrypted();
    }

    @Override
    public void onHandshake(PeerConnection conn, Handshake handshake) {
        if (!fetch.loop().inEventLoop()) {
            fetch.loop().execute(() -> onHandshake(conn, handshake));
            return;
        }
        connection = conn;
        remote = handshake;
        if (address == null && conn.remoteAddress() instanceof InetSocketAddress a) {
            address = a;
        }
        String refusal = conn.extensionProtocolEnabled() ? fetch.peerUp(this) : "cannot send metadata: no extension protocol";
        if (refusal != null) {
            conn.close(refusal);
            return;
        }
        established = true;
        if (conn.fastEnabled()) {
            conn.write(Message.HAVE_NONE);
        }
        conn.send(fetch.extensions().handshake(this, 0));
        fetch.extensions().peerJoined(this);
    }

    @Override
    public void onMessage(Message message) {
        if (!fetch.loop().inEventLoop()) {
            try {
                fetch.loop().execute(() -> onMessage(message));
            } catch (RuntimeException e) {
                ReferenceCountUtil.release(message);
            }
            return;
        }
        if (isEstablished() && message instanceof Message.HaveAll) {
            seed = true;
        }
        if (!isEstablished() || !(message instanceof Message.Extended e)) {
            ReferenceCountUtil.release(message);
            return;
        }
        try {
            switch (e.id()) {
                case Message.Extended.HANDSHAKE -> {
                    extensions.handshake(e);
                    fetch.peerHandshake(this);
                }
                case ExtensionHandshake.OUR_UT_METADATA_ID -> metadataMessage(MetadataMessage.decode(e.payload()));
                default -> fetch.extensions().received(this, e);
            }
        } catch (ProtocolViolation v) {
            close("sent a bad extension message: " + v.getMessage());
        }
    }

    private void metadataMessage(MetadataMessage m) {
        if (m instanceof MetadataMessage.Request r) {
            send(new MetadataMessage.Reject(r.piece()));
            return;
        }
        asked.remove(m.piece());
        fetch.metadataReceived(this, m);
    }

    @Override
    public void onClosed(CloseReason reason) {
        if (!fetch.loop().inEventLoop()) {
            fetch.loop().execute(() -> onClosed(reason));
            return;
        }
        boolean was = established;
        closed = true;
        fetch.peerDown(this, was, reason);
    }

    /** Sends a ut_metadata message under the id the peer chose, if it announced one. */
    void send(MetadataMessage m) {
        var id = extensions.idOf(ExtensionHandshake.UT_METADATA);
        if (id.isPresent()) {
            send(new Message.Extended(id.getAsInt(), m.encode()));
        }
    }

    @Override
    public void send(Message message) {
        if (isEstablished()) {
            connection.send(message);
        }
    }

    /** Asks for a piece of the info dictionary. */
    void request(int piece, long now) {
        asked.put(piece, now);
        send(new MetadataMessage.Request(piece));
    }

    @Override
    public void close(String why) {
        if (connection != null && !closed) {
            connection.close(why);
        }
    }

    @Override
    public String toString() {
        return "metadata peer " + address;
    }
}
