package mim.plugin.httpapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.Map;
import mim.core.spi.HttpMount;

/**
 * The API's JSON: Java records in, {@code snake_case} keys out, through one shared mapper (Jackson's
 * mappers are safe for concurrent use once configured). Stateless.
 */
final class Json {
    static final String MEDIA_TYPE = "application/json";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Json() {}

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the API's own answer does not serialise", e);
        }
    }

    /** 200 with {@code value} as JSON. */
    static HttpMount.Response ok(Object value) {
        return response(200, value);
    }

    static HttpMount.Response response(int status, Object value) {
        return new HttpMount.Response(status, MEDIA_TYPE, Map.of(), bytes(value));
    }
}
