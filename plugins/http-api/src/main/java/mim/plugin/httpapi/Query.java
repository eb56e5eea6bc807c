package mim.plugin.httpapi;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import mim.core.spi.HttpMount;

/**
 * A request's query parameters, read strictly: a parameter the route does not take, given twice, or
 * of the wrong form is a 400 naming it, never silently ignored. Stateless.
 */
final class Query {
    private Query() {}

    /** Refuses any parameter not in {@code known}. */
    static void allowOnly(HttpMount.Request r, Set<String> known) throws ApiError {
        for (String name : r.query().keySet()) {
            if (!known.contains(name)) {
                throw ApiError.badRequest("unknown parameter '" + name + "' (this route takes: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    /** The parameter's one value, or null if absent. */
    static String string(HttpMount.Request r, String name) throws ApiError {
        List<String> values = r.query().get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiError.badRequest(name + " is given " + values.size() + " times");
        }
        return values.get(0);
    }

    /** {@code true} or {@code false}. */
    static boolean flag(HttpMount.Request r, String name, boolean absent) throws ApiError {
        String v = string(r, name);
        if (v == null) {
            return absent;
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw ApiError.badRequest(name + "=" + v + ": expected true or false");
    }

    /** File indexes, {@code 0,2,5}; null if absent. */
    static Set<Integer> indexes(HttpMount.Request r, String name) throws ApiError {
        String v = string(r, name);
        if (v == null) {
            return null;
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (String item : v.split(",", -1)) {
            out.add(index(name, item.strip()));
        }
        return out;
    }

    /** {@code a,b}: the non-empty items, none when the parameter is absent. */
    static Set<String> list(HttpMount.Request r, String name) throws ApiError {
        String v = string(r, name);
        Set<String> out = new LinkedHashSet<>();
        if (v != null) {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.strip());
                }
            }
        }
        return out;
    }

    static int index(String name, String item) throws ApiError {
        try {
            int i = Integer.parseInt(item);
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest(name + ": '" + item + "' is not a file index (0, 1, ...)");
    }

    /** Peer addresses as IP literals with ports, {@code 192.0.2.7:6881,[2001:db8::1]:6881}; none if absent. */
    static List<InetSocketAddress> peers(HttpMount.Request r, String name) throws ApiError {
        String v = string(r, name);
        List<InetSocketAddress> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (String item : v.split(",")) {
            if (!item.isBlank()) {
                out.add(peer(name, item.strip()));
            }
        }
        return out;
    }

    /** One peer address, {@code 192.0.2.7:6881} or {@code [2001:db8::1]:6881}; {@code name} says where it came from. */
    static InetSocketAddress peer(String name, String item) throws ApiError {
        int colon = item.lastIndexOf(':');
        String host = colon <= 0 ? "" : item.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        int port = -1;
        try {
            port = Integer.parseInt(item.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (ip == null || port < 1 || port > 65535) {
            throw ApiError.badRequest(name + ": '" + item + "' is not IP:PORT ([IPv6]:PORT)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw ApiError.badRequest(name + ": '" + item + "' is not IP:PORT");
        }
    }
}
