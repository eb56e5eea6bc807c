package mim.plugin.pex;

/**
 * A ut_pex payload that is not a message we can read; the peer that sent it loses its connection,
 * as libtorrent drops a peer whose ut_pex does not decode. No stack trace: hostile input is routine.
 */
final class MalformedPex extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedPex(String detail) {
        super(detail, null, false, false);
    }
}
