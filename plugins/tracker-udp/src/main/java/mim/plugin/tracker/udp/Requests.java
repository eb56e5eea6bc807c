package mim.plugin.tracker.udp;

import io.netty.buffer.ByteBuf;
import java.util.List;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.TorrentEvent;

/**
 * The requests of BEP 15 as bytes, with the BEP 41 URL data option on announces. Big-endian
 * throughout, as ByteBuf writes by default. Stateless.
 */
final class Requests {
    /** The magic number a connect request carries where the connection id will go. */
    static final long PROTOCOL_ID = 0x41727101980L;

    static final int CONNECT = 0;
    static final int ANNOUNCE = 1;
    static final int SCRAPE = 2;
    static final int ERROR = 3;

    static final int CONNECT_LENGTH = 16;
    /** An announce without options. */
    static final int ANNOUNCE_LENGTH = 98;
    /** As many info-hashes as BEP 15 lets one scrape carry. */
    static final int MAX_SCRAPE_HASHES = 74;

    /** BEP 41 option types. */
    static final int OPTION_END = 0;
    static final int OPTION_URL_DATA = 2;
    /** An option's length is one byte, so URL data longer than this is sent in several options. */
    static final int MAX_OPTION_LENGTH = 255;

    private Requests() {}

    static void writeConnect(ByteBuf out, int transactionId) {
        out.writeLong(PROTOCOL_ID).writeInt(CONNECT).writeInt(transactionId);
    }

    /**
     * An announce, followed (when {@code urlData} is not empty) by the URL data in options of at
     * most 255 bytes each and an end-of-options byte.
     */
    static void writeAnnounce(ByteBuf out, long connectionId, int transactionId, AnnounceRequest request,
            byte[] urlData) {
        out.writeLong(connectionId).writeInt(ANNOUNCE).writeInt(transactionId);
        out.writeBytes(request.infoHash()).writeBytes(request.peerId());
        out.writeLong(request.stats().downloaded())
                .writeLong(request.stats().left())
                .writeLong(request.stats().uploaded());
        out.writeInt(eventCode(request.event()));
        out.writeInt(0); // our IP: let the tracker take the datagram's source address
        out.writeInt(request.key()).writeInt(request.numWant()).writeShort(request.port());
        if (urlData.length > 0) {
            for (int at = 0; at < urlData.length; at += MAX_OPTION_LENGTH) {
                int length = Math.min(MAX_OPTION_LENGTH, urlData.length - at);
                out.writeByte(OPTION_URL_DATA).writeByte(length).writeBytes(urlData, at, length);
            }
            out.writeByte(OPTION_END);
        }
    }

    static void writeScrape(ByteBuf out, long connectionId, int transactionId, List<byte[]> infoHashes) {
        out.writeLong(connectionId).writeInt(SCRAPE).writeInt(transactionId);
        infoHashes.forEach(out::writeBytes);
    }

    /** BEP 15's event numbers: 0 none, 1 completed, 2 started, 3 stopped. */
    static int eventCode(TorrentEvent event) {
        if (event == null) {
            return 0;
        }
        return switch (event) {
            case COMPLETED -> 1;
            case STARTED -> 2;
            case STOPPED -> 3;
        };
    }
}
