package mim.plugin.webui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mim.core.spi.HttpMount;
import org.junit.jupiter.api.Test;

/** The built app as the mount serves it: what is cached how, the policy, and what is refused. */
class WebUiMountTest {
    private final WebUiMount mount = new WebUiMount();

    private HttpMount.Response get(String path) {
        return mount.handle(new HttpMount.Request("GET", path, Map.of(), Map.of(), new byte[0]), null).join();
    }

    @Test
    void thePageIsRevalidatedAndItsHashedAssetsAreCachedForGood() {
        HttpMount.Response index = get("");
        assertEquals(200, index.status());
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertEquals("no-cache", index.headers().get("Cache-Control"));
        String html = new String(index.body(), StandardCharsets.UTF_8);

        Matcher script = Pattern.compile("<script[^>]*src=\"\\./(assets/[^\"]+\\.js)\"").matcher(html);
        assertTrue(script.find(), html);
        HttpMount.Response js = get(script.group(1));
        assertEquals(200, js.status());
        assertEquals("text/javascript; charset=utf-8", js.contentType());
        assertEquals("public, max-age=31536000, immutable", js.headers().get("Cache-Control"));
        Matcher style = Pattern.compile("<link[^>]*href=\"\\./(assets/[^\"]+\\.css)\"").matcher(html);
        assertTrue(style.find(), html);
        assertEquals("text/css; charset=utf-8", get(style.group(1)).contentType());
    }

    @Test
    void everyAnswerCarriesAPolicyThatTheBuiltPageKeeps() {
        for (String path : List.of("", "index.html")) {
            String policy = get(path).headers().get("Content-Security-Policy");
            assertTrue(policy.startsWith("default-src 'self';"), policy);
            assertFalse(policy.contains("unsafe"), policy);
        }
        String html = new String(get("").body(), StandardCharsets.UTF_8);
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), "no inline script: " + html);
        assertFalse(html.contains("<style"), "no inline style: " + html);
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), "nothing from elsewhere: " + html);
    }

    @Test
    void refusesWritesAndPathsOutsideTheApp() {
        assertEquals(405, mount.handle(new HttpMount.Request("POST", "", Map.of(), Map.of(), new byte[0]), null).join().status());
        assertEquals(404, get("assets/missing.js").status());
        assertEquals(404, get("../mim/plugin/webui/WebUiMount.class").status());
    }
}
