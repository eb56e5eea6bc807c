package mim.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * aria2 ({@code aria2c}). It binds every TCP socket, tracker connections included, to its
 * {@code --interface}, but announces over UDP from the default source address: seed it with an
 * HTTP tracker. It initiates plaintext connections and cannot refuse encrypted ones, so
 * {@link Encryption#DISABLE} is not offered.
 */
public final class Aria2 extends ClientBase {
    Aria2(Swarm swarm) {
        super(swarm, "aria2");
    }

    @Override
    boolean supports(Encryption mode) {
        return mode != Encryption.DISABLE;
    }

    @Override
    Launch launch(Role role, String source, Path dir, Path state) {
        Path infoLog = state.resolve("aria2.log");
        List<String> command = new ArrayList<>(List.of("aria2c", "--no-conf=true",
                "--interface=" + ip(), "--listen-port=" + port(), "--dir=" + dir,
                "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--disable-ipv6=true",
                "--file-allocation=none", "--auto-file-renaming=false", "--bt-save-metadata=false",
                "--check-integrity=true", "--bt-hash-check-seed=true",
                "--summary-interval=0", "--show-console-readout=false", "--enable-color=false",
                "--console-log-level=notice", "--log=" + infoLog, "--log-level=info",
                // Should this JVM die without closing the swarm, aria2 goes too.
                "--stop-with-process=" + ProcessHandle.current().pid()));
        if (role == Role.SEED) {
            command.add("--seed-ratio=0.0");
        } else {
            // It exits once the download is complete, with status 0 only if it is.
            command.add("--seed-time=0");
        }
        if (encryptionMode() == Encryption.REQUIRE) {
            command.add("--bt-require-crypto=true");
            command.add("--bt-min-crypto-level=arc4");
        }
        command.add(source);
        ManagedProcess process = swarm.start("aria2", command, state, List.of(infoLog));
        // The notice comes after the piece check, and only when every piece passed.
        return new Launch(process, () -> process.logContains("Verification finished successfully"),
                () -> !process.isAlive() && process.exitCode() == 0);
    }
}
