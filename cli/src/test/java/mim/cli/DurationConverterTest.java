package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsEveryUnitAndFractions() {
        assertEquals(Duration.ofMillis(100), converter.convert("100ms"));
        assertEquals(Duration.ofSeconds(1), converter.convert("1s"));
        assertEquals(Duration.ofMillis(1500), converter.convert("1.5s"));
        assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
        assertEquals(Duration.ofHours(1), converter.convert("1h"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "s", "-1s", "1.s", "1 day", "0s", "99999999999999999h"})
    void refusesWhatIsNotAPositiveDuration(String value) {
        assertThrows(TypeConversionException.class, () -> converter.convert(value));
    }
}
