package mim.plugin.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Map;
import mim.core.spi.HttpMount;
import mim.core.spi.SessionControl;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Routes other plugins mount: static files and handlers, behind the same checks as the API's own. */
@ExtendWith(LeakCheck.class)
class MountsTest {
    /** Serves the test resources under {@code webtest/} at {@code /web/}. */
    static final class Files implements HttpMount {
        @Override
        public String path() {
            return "/web/";
        }

        @Override
        public CompletableFuture<Response> handle(Request request, SessionControl session) {
            return Response.resource(MountsTest.class, "webtest/", request.path()).now();
        }
    }

    /** Answers with what it was asked and how many torrents the session has. */
    static class Echo implements HttpMount {
        @Override
        public String path() {
            return "/echo/v1/";
        }

        @Override
        public CompletableFuture<Response> handle(Request request, SessionControl session) {
            String text = request.method() + " " + request.path() + " " + request.query() + " "
                    + new String(request.body(), StandardCharsets.UTF_8) + " " + session.list().size();
            return Response.ok("text/plain", text.getBytes(StandardCharsets.UTF_8)).now();
        }
    }

    /** A mount at a path given at construction. */
    static final class At extends Echo {
        private final String path;

        At(String path) {
            this.path = path;
        }

        @Override
        public String path() {
            return path;
        }
    }

    @Test
    void staticFilesAndHandlersAnswerUnderTheirPaths() throws Exception {
        try (TestServer api = new TestServer(Map.of("listen", "127.0.0.1:0"), List.of(new Files(), new Echo()))) {
            HttpResponse<byte[]> index = api.get("/web/");
            assertEquals(200, index.statusCode());
            assertEquals("text/html; charset=utf-8", index.headers().firstValue("content-type").orElse(""));
            assertTrue(new String(index.body()).contains("mounted"));
            assertEquals("text/css; charset=utf-8", api.get("/web/app.css").headers().firstValue("content-type").orElse(""));
            assertEquals(404, api.get("/web/missing.js").statusCode());
            assertEquals(404, api.get("/web/../ApiServer.class").statusCode());
            HttpResponse<byte[]> bare = api.get("/web");
            assertEquals(308, bare.statusCode());
            assertEquals("/web/", bare.headers().firstValue("location").orElse(""));

            HttpResponse<byte[]> echo = api.post("/echo/v1/rpc?a=1", "hi".getBytes());
            assertEquals("POST rpc {a=[1]} hi 1", new String(echo.body()));
            assertTrue(api.get("/").body().length > 0);
            assertTrue(new String(api.get("/").body()).contains("/echo/v1/"), "the index names the mounts");
            HttpResponse<byte[]> browser = api.get("/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
            assertEquals(302, browser.statusCode(), "a browser is sent to the page");
            assertEquals("web/", browser.headers().firstValue("location").orElse(""));
        }
        try (TestServer api = new TestServer(Map.of("listen", "127.0.0.1:0"), List.of(new Echo()))) {
            assertEquals(200, api.get("/", "Accept", "text/html").statusCode(), "without a page, the index");
        }
    }

    @Test
    void aMountAtAPathThatIsNotItsOwnIsLeftOut() {
        List<HttpMount> offered = List.of(new At("/"), new At("web/"), new At("/web"), new At("/a/../b/"),
                new At("/torrents/x/"), new At("/stats/"), new At("/a b/"), new At(null), new At("/ui/v2/"));
        List<String> kept = HttpApiInterface.usable(offered).stream().map(HttpMount::path).toList();
        assertEquals(List.of("/ui/v2/"), kept);
    }

    /** A mount that admits clients itself: answers what the server's authentication said, and checks a login. */
    private static final class OwnLogin implements HttpMount {
        @Override
        public String path() {
            return "/own/";
        }

        @Override
        public boolean admitsItself() {
            return true;
        }

        @Override
        public CompletableFuture<Response> handle(Request request, SessionControl session) {
            String said = request.access().admitted() + " " + request.access().accepts("u", "p") + " "
                    + request.access().accepts("u", "wrong");
            return Response.ok("text/plain", said.getBytes(StandardCharsets.UTF_8)).now();
        }
    }

    @Test
    void aMountThatAdmitsClientsItselfGetsRequestsWithoutCredentialsAndOnlyItDoes() throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
        try (TestServer api = new TestServer(Map.of("listen", "127.0.0.1:0", "auth", "u:p"),
                List.of(new OwnLogin(), new Echo()))) {
            assertEquals("false true false", new String(api.get("/own/x").body()));
            assertEquals("true true false", new String(api.get("/own/x", "Authorization", basic).body()));
            assertEquals("false true false", new String(api.get("/own/x", "Authorization", basic + "x").body()));
            assertEquals(401, api.get("/echo/v1/rpc").statusCode(), "other mounts keep the server's check");
            assertEquals(401, api.get("/torrents").statusCode());
        }
        try (TestServer api = new TestServer(Map.of("listen", "127.0.0.1:0"), List.of(new OwnLogin()))) {
            assertEquals("true true true", new String(api.get("/own/x").body()), "without credentials, any login is right");
        }
    }
}
