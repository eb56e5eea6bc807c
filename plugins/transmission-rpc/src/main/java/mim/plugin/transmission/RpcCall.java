package mim.plugin.transmission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One call of Transmission's RPC, {@code {"method": ..., "arguments": {...}, "tag": n}}, and the
 * shape of its answer, {@code {"result": "success" or why not, "arguments": {...}, "tag": n}}: a
 * failure is a {@code result} other than {@code success}, in an HTTP 200, as Transmission answers.
 * Immutable.
 *
 * @param method the method's name
 * @param arguments its arguments (empty when none were sent)
 * @param tag the number the client tags the call with, echoed in the answer; null when it sent none
 */
record RpcCall(String method, ObjectNode arguments, Long tag) {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Reads a request body.
     *
     * @throws RpcFailure for a body that is not a JSON object naming a method, with the tag if it had one
     */
    static RpcCall parse(byte[] body) throws RpcFailure {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new RpcFailure("JSON parse error", null);
        }
        if (root == null || !root.isObject()) {
            throw new RpcFailure("JSON parse error", null);
        }
        JsonNode t = root.get("tag");
        Long tag = t != null && t.isIntegralNumber() && t.canConvertToLong() ? t.asLong() : null;
        JsonNode method = root.get("method");
        if (method == null || !method.isTextual()) {
            throw new RpcFailure("no method name", tag);
        }
        JsonNode args = root.get("arguments");
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new RpcFailure("arguments must be an object", tag);
        }
        return new RpcCall(method.asText(), args == null || args.isNull() ? NODES.objectNode() : (ObjectNode) args, tag);
    }

    /** The answer to a call: {@code result}, then {@code arguments}, then {@code tag} if there was one. */
    static byte[] answer(String result, ObjectNode arguments, Long tag) {
        ObjectNode out = NODES.objectNode();
        out.put("result", result);
        out.set("arguments", arguments);
        if (tag != null) {
            out.put("tag", tag);
        }
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException("an RPC answer does not serialise", e);
        }
    }

    /**
     * Why a call failed, in the words its {@code result} carries. Transmission answers these with an
     * HTTP 200: clients read the {@code result}.
     */
    static final class RpcFailure extends Exception {
        private final Long tag;

        RpcFailure(String result, Long tag) {
            super(result, null, false, false);
            this.tag = tag;
        }

        RpcFailure(String result) {
            this(result, null);
        }

        Long tag() {
            return tag;
        }
    }
}
