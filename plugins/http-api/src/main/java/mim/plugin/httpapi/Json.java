package mim.plugin.httpapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
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

    /**
     * A request body that must be one JSON object of the shape {@code expected} (which reads
     * {@code {"key": ...}}); anything else is refused saying so.
     */
    static JsonNode object(byte[] body, String expected) throws ApiError {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("the body is not JSON: expected " + expected);
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("expected " + expected);
        }
        return root;
    }

    /** 200 with {@code value} as JSON. */
    static HttpMount.Response ok(Object value) {
        return response(200, value);
    }

    static HttpMount.Response response(int status, Object value) {
        return new HttpMount.Response(status, MEDIA_TYPE, Map.of(), bytes(value));
    }
}
