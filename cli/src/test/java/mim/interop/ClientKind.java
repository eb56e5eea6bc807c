package mim.interop;

import java.util.function.Function;

/** The BitTorrent programs the harness can run, for tests that iterate over them. */
public enum ClientKind {
    ARIA2(Aria2::new),
    LIBTORRENT(Libtorrent::new),
    RTORRENT(Rtorrent::new),
    TRANSMISSION(Transmission::new);

    private final Function<Swarm, Client> factory;

    ClientKind(Function<Swarm, Client> factory) {
        this.factory = factory;
    }

    Client create(Swarm swarm) {
        return factory.apply(swarm);
    }
}
