package mim.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as people write them: {@code 100ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration (examples: 100ms, 1s, 1.5s, 2m, 1h)");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        long nanosPerUnit = switch (m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        try {
            Duration d = Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
            if (d.isZero()) {
                throw new TypeConversionException("'" + value + "' is not a positive duration");
            }
            return d;
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is too long a duration");
        }
    }
}
