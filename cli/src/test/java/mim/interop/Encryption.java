package mim.interop;

/**
 * The peer-wire encryption (MSE/PE) a client is told to use. A client left alone uses its own
 * default. Not every program can do every mode: {@link Client#encryption} says so by throwing.
 */
public enum Encryption {
    /** Plaintext connections only (where the program can refuse encrypted ones, it does). */
    DISABLE,
    /** Encrypted where the other side agrees, plaintext otherwise. */
    PREFER,
    /** Encrypted connections only. */
    REQUIRE
}
