package mim.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a rate in bytes a second, with an optional binary unit and {@code /s}: {@code 5M}, {@code 500K/s}; 0 for none. */
final class RateConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String bare = value.trim().endsWith("/s") ? value.trim().substring(0, value.trim().length() - 2) : value;
        return Sizes.parse(bare).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a rate in bytes a second (examples: 500K, 5M, 1048576; 0 for no limit)"));
    }
}
