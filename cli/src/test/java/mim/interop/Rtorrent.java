package mim.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * rtorrent, run as a daemon with a configuration of its own (no ~/.rtorrent.rc) and a session
 * folder it insists on. It keeps one peer per IP address. Event hooks leave flag files: one after
 * the initial piece check when the data is complete, one when a download finishes.
 */
public final class Rtorrent extends ClientBase {
    Rtorrent(Swarm swarm) {
        super(swarm, "rtorrent");
    }

    @Override
    Launch launch(Role role, String source, Path dir, Path state) {
        Path session = state.resolve("session");
        Path seeding = state.resolve("seeding");
        Path complete = state.resolve("complete");
        Path log = state.resolve("rtorrent.log");
        String config = String.join("\n",
                "directory.default.set = \"" + dir + "\"",
                "session.path.set = \"" + session + "\"",
                "network.bind_address.set = " + ip(),
                "network.port_range.set = " + port() + "-" + port(),
                "network.port_random.set = no",
                "dht.mode.set = disable",
                "protocol.pex.set = no",
                "trackers.use_udp.set = yes",
                encryptionMode() == null ? "" : "protocol.encryption.set = " + rtorrentEncryption(encryptionMode()),
                "system.daemon.set = true",
                // After the check of existing data: a flag if it is all there.
                "method.set_key = event.download.hash_done, mim_checked, \"branch=d.complete=,"
                        + "\\\"execute.nothrow=touch," + seeding + "\\\"\"",
                "method.set_key = event.download.finished, mim_finished, \"execute.nothrow=touch," + complete + "\"",
                "log.open_file = \"mim\", \"" + log + "\"",
                "log.add_output = \"info\", \"mim\"",
                "");
        Path rc = state.resolve("rtorrent.rc");
        try {
            Files.createDirectories(session);
            Files.writeString(rc, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = swarm.start("rtorrent", List.of("rtorrent", "-n", "-o", "import=" + rc, source),
                state, List.of(log));
        return new Launch(process, () -> Files.exists(seeding), () -> Files.exists(complete));
    }

    private static String rtorrentEncryption(Encryption mode) {
        switch (mode) {
            case DISABLE: return "none";
            case REQUIRE: return "require,require_RC4,allow_incoming,try_outgoing";
            default: return "allow_incoming,try_outgoing,enable_retry";
        }
    }
}
