package mim.cli;

import mim.core.metainfo.TorrentBuilder;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a piece length as bytes or with a binary unit ({@code 16K}, {@code 1M}, {@code 4MiB}); it must be
 * a power of two from 16 KiB to 64 MiB.
 */
final class PieceLengthConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        long bytes = Sizes.parse(value).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a piece length (examples: 16K, 256K, 4M, 1048576)"));
        if (!TorrentBuilder.validPieceLength(bytes)) {
            throw new TypeConversionException("'" + value + "' is not a valid piece length: it must be a power of two "
                    + "from 16K to 64M");
        }
        return bytes;
    }
}
