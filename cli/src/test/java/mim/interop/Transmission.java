package mim.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transmission 3.00 ({@code transmission-cli}), configured by a settings.json in its own config
 * folder. It keeps one peer per IP address and never dials peers on loopback itself (it accepts
 * them), so a Transmission leecher needs seeders that dial it, and two Transmissions never meet.
 * It does not create the 0-byte files of a multi-file torrent. It cannot refuse encrypted
 * connections, so {@link Encryption#DISABLE} is not offered.
 */
public final class Transmission extends ClientBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    Transmission(Swarm swarm) {
        super(swarm, "transmission");
    }

    @Override
    boolean supports(Encryption mode) {
        return mode != Encryption.DISABLE;
    }

    @Override
    Launch launch(Role role, String source, Path dir, Path state) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bind-address-ipv4", ip());
        settings.put("bind-address-ipv6", "::1");
        settings.put("peer-port", port());
        settings.put("peer-port-random-on-start", false);
        settings.put("port-forwarding-enabled", false);
        settings.put("dht-enabled", false);
        settings.put("lpd-enabled", false);
        settings.put("pex-enabled", false);
        settings.put("utp-enabled", false);
        settings.put("rpc-enabled", false);
        settings.put("blocklist-enabled", false);
        settings.put("download-dir", dir.toString());
        settings.put("incomplete-dir-enabled", false);
        settings.put("rename-partial-files", false);
        settings.put("start-added-torrents", true);
        // No limit of any kind: a seeder seeds until it is stopped.
        settings.put("ratio-limit-enabled", false);
        settings.put("idle-seeding-limit-enabled", false);
        settings.put("speed-limit-up-enabled", false);
        settings.put("speed-limit-down-enabled", false);
        settings.put("alt-speed-enabled", false);
        settings.put("download-queue-enabled", false);
        settings.put("seed-queue-enabled", false);
        settings.put("message-level", 3);
        if (encryptionMode() != null) {
            settings.put("encryption", encryptionMode() == Encryption.REQUIRE ? 2 : 1);
        }
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(state.resolve("settings.json").toFile(), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = swarm.start("transmission", List.of("stdbuf", "-o0", "transmission-cli", "-g", state.toString(),
                "-w", dir.toString(), "-p", Integer.toString(port()), "-M", source), state, List.of());
        // Its status line says so once the check (seeder) or the download (leecher) is complete.
        // It goes to stdout, which stdbuf unbuffers: a file would otherwise get it 4 KiB late.
        return new Launch(process, () -> process.logContains("Seeding, uploading"),
                () -> process.logContains("Seeding, uploading"));
    }
}
