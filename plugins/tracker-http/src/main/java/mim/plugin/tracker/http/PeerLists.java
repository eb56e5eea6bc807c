package mim.plugin.tracker.http;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import mim.core.bencode.BDict;
import mim.core.bencode.BInt;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;

/**
 * Reads the peers of an announce answer in both shapes trackers use: the compact strings of BEP 23
 * ({@code peers}, 4-byte address and 2-byte port) and BEP 7 ({@code peers6}, 16 and 2), and BEP 3's
 * list of dictionaries with {@code ip} as text. Entries with port 0 are dropped, as are dictionary
 * entries whose {@code ip} is a host name: resolving it would block, and the session wants
 * addresses. Stateless.
 */
final class PeerLists {
    private PeerLists() {}

    /**
     * Appends the compact peers in {@code packed}, each {@code addressLength} bytes of address and
     * two of port, to {@code out}.
     *
     * @throws IllegalArgumentException if the length is not a whole number of entries; the message
     *     says which key and how long
     */
    static void compact(String key, BString packed, int addressLength, List<InetSocketAddress> out) {
        int entry = addressLength + 2;
        byte[] bytes = packed.bytes();
        if (bytes.length % entry != 0) {
            throw new IllegalArgumentException("'" + key + "' is " + bytes.length + " bytes, not a multiple of " + entry);
        }
        for (int i = 0; i < bytes.length; i += entry) {
            int port = ((bytes[i + addressLength] & 0xff) << 8) | (bytes[i + addressLength + 1] & 0xff);
            if (port == 0) {
                continue;
            }
            byte[] address = new byte[addressLength];
            System.arraycopy(bytes, i, address, 0, addressLength);
            try {
                out.add(new InetSocketAddress(InetAddress.getByAddress(address), port));
            } catch (UnknownHostException e) {
                throw new AssertionError("4 and 16 bytes are valid address lengths", e);
            }
        }
    }

    /** Appends the usable peers of a BEP 3 list of {@code {ip, port}} dictionaries to {@code out}. */
    static void dictionaries(BList list, List<InetSocketAddress> out) {
        for (BValue item : list.items()) {
            if (!(item instanceof BDict peer) || !(peer.get("ip") instanceof BString ip)
                    || !(peer.get("port") instanceof BInt port) || port.value() <= 0 || port.value() > 65535) {
                continue;
            }
            InetAddress address = literal(ip.text());
            if (address != null) {
                out.add(new InetSocketAddress(address, (int) port.value()));
            }
        }
    }

    /**
     * The address an IPv4 or IPv6 literal (bracketed or not) names, or null for anything else. Never
     * {@link InetAddress#getByName}: it asks the system's resolver about any text that does not start
     * like a literal, colon or not, and a tracker's list may hold thousands of such names.
     */
    private static InetAddress literal(String text) {
        return NetUtil.createInetAddressFromIpAddressString(text);
    }
}
