package mim.core;

/**
 * A failure with a message fit for the user: what went wrong and where, on one line.
 *
 * <p>The command line prints {@code mim: error: <message>} and exits non-zero; the stack trace is
 * shown only at debug log level. Subtypes say which kind of failure it is, so callers can react
 * (a bad torrent is never retried, a network failure may be).
 */
public class MimException extends Exception {
    private static final long serialVersionUID = 1L;

    public MimException(String message) {
        super(message);
    }

    public MimException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Input from the user that cannot be used: a path, a flag's value, a URL. */
    public static class BadInput extends MimException {
        private static final long serialVersionUID = 1L;

        public BadInput(String message) {
            super(message);
        }

        public BadInput(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reading or writing torrent data or state failed. */
    public static class Storage extends MimException {
        private static final long serialVersionUID = 1L;

        public Storage(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A remote party could not be reached or answered with something unusable. */
    public static class Network extends MimException {
        private static final long serialVersionUID = 1L;

        public Network(String message) {
            super(message);
        }

        public Network(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
