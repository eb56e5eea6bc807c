package mim.plugin.transmission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mim.core.spi.Limits;
import mim.plugin.transmission.RpcCall.RpcFailure;

/**
 * Transmission's limit keys over mim's {@link Limits}: speeds in kB/s (1,000 bytes, as the units of
 * {@code session-get} say) with an {@code -enabled} or {@code Limited} flag beside each, and the seed
 * ratio with its flag or mode. mim keeps a limit only while it is in force, so a disabled limit reads
 * back as Transmission's default value, off. Transmission's idle-seeding limit is not mim's seed time
 * (counted from completion, idle or not) and is not mapped onto it. Stateless.
 */
final class LimitArgs {
    /** Bytes in a kB of Transmission's speed units. */
    static final long SPEED_UNIT = 1000;
    /** The speed and ratio Transmission shows for a limit never set. */
    static final long DEFAULT_SPEED_KB = 100;
    static final double DEFAULT_RATIO = 2.0;
    /** {@code seedRatioMode}: the session's ratio, the torrent's own, or none at all. */
    static final int RATIO_GLOBAL = 0;
    static final int RATIO_SINGLE = 1;
    static final int RATIO_UNLIMITED = 2;

    private LimitArgs() {}

    /** {@code session-get}'s speed and ratio keys. */
    static void describeSession(ObjectNode out, Limits l) {
        out.put("speed-limit-down", kb(l.downloadBytesPerSecond()))
                .put("speed-limit-down-enabled", l.downloadBytesPerSecond() != null)
                .put("speed-limit-up", kb(l.uploadBytesPerSecond()))
                .put("speed-limit-up-enabled", l.uploadBytesPerSecond() != null)
                .put("seedRatioLimit", l.seedRatio() == null ? DEFAULT_RATIO : l.seedRatio())
                .put("seedRatioLimited", l.seedRatio() != null);
    }

    /** The session's limits once {@code session-set}'s keys are applied to {@code current}. */
    static Limits session(ObjectNode args, Limits current) throws RpcFailure {
        return new Limits(rate(args, "speed-limit-down", "speed-limit-down-enabled", current.downloadBytesPerSecond()),
                rate(args, "speed-limit-up", "speed-limit-up-enabled", current.uploadBytesPerSecond()),
                ratio(args, "seedRatioLimited", current.seedRatio()), current.seedTime());
    }

    /** A torrent's own limits once {@code torrent-set}'s keys are applied to {@code current}. */
    static Limits torrent(ObjectNode args, Limits current) throws RpcFailure {
        Double ratio = current.seedRatio();
        JsonNode mode = args.get("seedRatioMode");
        if (mode != null) {
            if (!mode.isIntegralNumber() || mode.asInt() < RATIO_GLOBAL || mode.asInt() > RATIO_UNLIMITED) {
                throw new RpcFailure("seedRatioMode: " + mode + " is not 0, 1 or 2");
            }
            if (mode.asInt() == RATIO_UNLIMITED) {
                throw new RpcFailure("seedRatioMode 2: mim has no way for one torrent to seed past the session's "
                        + "ratio; clear the session's instead");
            }
            ratio = mode.asInt() == RATIO_GLOBAL ? null : number(args, "seedRatioLimit", ratio, DEFAULT_RATIO);
        } else if (ratio != null) {
            ratio = number(args, "seedRatioLimit", ratio, ratio);
        }
        return new Limits(rate(args, "downloadLimit", "downloadLimited", current.downloadBytesPerSecond()),
                rate(args, "uploadLimit", "uploadLimited", current.uploadBytesPerSecond()), ratio, current.seedTime());
    }

    static long kb(Long bytesPerSecond) {
        return bytesPerSecond == null ? DEFAULT_SPEED_KB : Math.max(1, bytesPerSecond / SPEED_UNIT);
    }

    /** {@code seedRatioMode} of a torrent's own limits. */
    static int ratioMode(Limits own) {
        return own.seedRatio() == null ? RATIO_GLOBAL : RATIO_SINGLE;
    }

    /** A rate in bytes a second, or null for none: the flag says whether, the value (or what was) how much. */
    private static Long rate(ObjectNode args, String valueKey, String enabledKey, Long current) throws RpcFailure {
        JsonNode value = args.get(valueKey);
        Long given = null;
        if (value != null) {
            if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Long.MAX_VALUE / SPEED_UNIT) {
                throw new RpcFailure(valueKey + ": " + value + " is not a speed in kB/s from 1 up");
            }
            given = value.asLong() * SPEED_UNIT;
        }
        boolean enabled = args.has(enabledKey) ? flag(args, enabledKey) : current != null;
        if (!enabled) {
            return null;
        }
        return given != null ? given : current != null ? current : DEFAULT_SPEED_KB * SPEED_UNIT;
    }

    private static Double ratio(ObjectNode args, String limitedKey, Double current) throws RpcFailure {
        boolean limited = args.has(limitedKey) ? flag(args, limitedKey) : current != null;
        return limited ? number(args, "seedRatioLimit", current, DEFAULT_RATIO) : null;
    }

    private static double number(ObjectNode args, String key, Double current, double absent) throws RpcFailure {
        JsonNode value = args.get(key);
        if (value == null) {
            return current != null ? current : absent;
        }
        if (!value.isNumber() || value.asDouble() < 0) {
            throw new RpcFailure(key + ": " + value + " is not a ratio from 0 up");
        }
        return value.asDouble();
    }

    private static boolean flag(ObjectNode args, String key) throws RpcFailure {
        JsonNode v = args.get(key);
        if (!v.isBoolean() && !(v.isIntegralNumber() && (v.asInt() == 0 || v.asInt() == 1))) {
            throw new RpcFailure(key + ": " + v + " is not true or false");
        }
        return v.asBoolean();
    }
}
