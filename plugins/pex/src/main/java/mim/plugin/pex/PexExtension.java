package mim.plugin.pex;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.WireExtension;
import mim.core.spi.WireHandler;
import org.pf4j.Extension;

/**
 * Peer exchange (BEP 11) as the extension {@value #NAME}: tells connected peers which peers we are
 * connected to, and hands the peers they tell us of to the torrent's {@link PeerSink}. Never runs on
 * a private torrent (BEP 27), which is then not offered ut_pex at all. Runs for a magnet link's
 * metadata fetch too: a link whose few peers have no metadata may learn from them where a peer that
 * has it is.
 *
 * <p>Thread safety: immutable; each torrent's state lives in its {@link PexHandler}.
 */
@Extension
public final class PexExtension implements WireExtension {
    static final String NAME = "ut_pex";

    private final Duration sendInterval;
    private final LongSupplier clock;

    /** BEP 11's pace: one message a minute to each peer. */
    public PexExtension() {
        this(PexState.SEND_INTERVAL, System::nanoTime);
    }

    /**
     * @param sendInterval the least time between two messages to one peer (tests shorten it)
     * @param clock the time in nanoseconds, as {@link System#nanoTime()} gives it
     */
    PexExtension(Duration sendInterval, LongSupplier clock) {
        this.sendInterval = Objects.requireNonNull(sendInterval, "sendInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WireHandler start(TorrentIdentity torrent, PeerSink sink) {
        return new PexHandler(sink, sendInterval, clock);
    }
}
