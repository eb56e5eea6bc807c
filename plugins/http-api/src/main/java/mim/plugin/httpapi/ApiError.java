package mim.plugin.httpapi;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.spi.HttpMount;
import mim.core.spi.NoSuchTorrentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request the API answers with an error, in its one shape:
 * {@code {"error_kind": "...", "human_readable": "...", "status": 404, "status_text": "Not Found"}}.
 * The kind is a word for programs, the text a line for people; never a stack trace.
 */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ApiError.class);

    private final transient HttpResponseStatus status;
    private final String kind;

    ApiError(HttpResponseStatus status, String kind, String message) {
        super(message, null, false, false);
        this.status = status;
        this.kind = kind;
    }

    static ApiError badRequest(String message) {
        return new ApiError(HttpResponseStatus.BAD_REQUEST, "bad_request", message);
    }

    static ApiError notFound(String kind, String message) {
        return new ApiError(HttpResponseStatus.NOT_FOUND, kind, message);
    }

    HttpResponseStatus status() {
        return status;
    }

    String kind() {
        return kind;
    }

    /** The error's body and status. */
    HttpMount.Response toResponse() {
        return Json.response(status.code(), new Body(kind, getMessage(), status.code(), status.reasonPhrase()));
    }

    record Body(String errorKind, String humanReadable, int status, String statusText) {}

    /** What a failure of the session (or of a route) tells the client. */
    static ApiError of(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ApiError api) {
            return api;
        }
        if (e instanceof NoSuchTorrentException) {
            return notFound("torrent_not_found", e.getMessage());
        }
        if (e instanceof MimException.BadInput) {
            return badRequest(e.getMessage());
        }
        if (e instanceof MimException.Network) {
            return new ApiError(HttpResponseStatus.BAD_GATEWAY, "network_error", e.getMessage());
        }
        if (e instanceof MimException.Storage) {
            return new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "storage_error", e.getMessage());
        }
        if (e instanceof MimException || e instanceof CancellationException) {
            return new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", Reason.of(e));
        }
        log.warn("the API failed on a request: {}", Reason.of(e));
        log.debug("the failure of that request", e);
        return new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", Reason.of(e));
    }
}
