package mim.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mim.core.metainfo.TorrentBuilder;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a piece length as bytes or with a binary unit ({@code 16K}, {@code 1M}, {@code 4MiB}); it must be
 * a power of two from 16 KiB to 64 MiB.
 */
final class PieceLengthConverter implements ITypeConverter<Long> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(?:([kmg])(?:i?b)?|b)?");

    @Override
    public Long convert(String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException(
                    "'" + value + "' is not a piece length (examples: 16K, 256K, 4M, 1048576)");
        }
        long n = Long.parseLong(m.group(1));
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            default -> 30;
        };
        long bytes = n << shift;
        if (!TorrentBuilder.validPieceLength(bytes)) {
            throw new TypeConversionException("'" + value + "' is not a valid piece length: it must be a power of two "
                    + "from 16K to 64M");
        }
        return bytes;
    }
}
