package mim.plugin.qbittorrent;

/**
 * A call refused as qBittorrent refuses it: an HTTP status and a line of plain text (its API has no
 * error JSON), such as 400 for a missing parameter, 404 {@code Not Found} for an unknown hash, 409 for a
 * category that does not exist.
 */
final class Failure extends Exception {
    private final int status;

    Failure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static Failure badRequest(String message) {
        return new Failure(400, message);
    }

    static Failure notFound() {
        return new Failure(404, "Not Found");
    }

    int status() {
        return status;
    }
}
