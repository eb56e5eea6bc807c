package mim.plugin.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /metrics} as Prometheus reads it: checked by Prometheus' own {@code promtool}. */
@ExtendWith(LeakCheck.class)
class MetricsTest {

    @Test
    void theMetricsPassPromtoolWithLabelsEscaped() throws Exception {
        try (TestServer api = TestServer.plain()) {
            api.session.name = "a \"quoted\" name\\with a backslash\nand a line";
            HttpResponse<byte[]> r = api.get("/metrics");
            assertEquals(200, r.statusCode());
            assertEquals(Metrics.MEDIA_TYPE, r.headers().firstValue("content-type").orElseThrow());
            String text = new String(r.body(), StandardCharsets.UTF_8);
            assertEquals("", promtool(r.body()), "promtool check metrics finds nothing wrong");
            assertTrue(text.contains("\nmim_downloaded_bytes_total 300\n"), text);
            assertTrue(text.contains("# TYPE mim_torrent_downloaded_bytes_total counter\n"), text);
            assertTrue(text.contains("mim_torrent_downloaded_bytes_total{info_hash=\"" + FakeSession.HASH
                    + "\",name=\"a \\\"quoted\\\" name\\\\with a backslash\\nand a line\"} 300\n"), text);
        }
    }

    @Test
    void promtoolRefusesWhatIsNotTheFormat() throws Exception {
        String wrong = "# TYPE x counter\nx{name=\"a\"b\"} 1\n";
        assertTrue(!promtool(wrong.getBytes(StandardCharsets.UTF_8)).isEmpty(), "the check can fail");
    }

    /** What {@code promtool check metrics} says of {@code text}: nothing when it passes. */
    static String promtool(byte[] text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text);
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool ends");
        return p.exitValue() == 0 ? said.strip() : "exit " + p.exitValue() + ": " + said;
    }
}
