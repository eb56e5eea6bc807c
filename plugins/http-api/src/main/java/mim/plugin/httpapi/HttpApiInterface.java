package mim.plugin.httpapi;

import java.util.ArrayList;
import java.util.List;
import mim.core.MimException;
import mim.core.spi.HttpMount;
import mim.core.spi.InterfaceContext;
import mim.core.spi.SessionControl;
import mim.core.spi.UserInterface;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API as a {@link UserInterface}: on {@link #attach} it starts an {@link ApiServer} serving
 * the session, with the routes of every {@link HttpMount} the application found; {@link #detach}
 * stops it. Its settings are {@link ApiSettings}'; {@code version} is shown by {@code GET /}.
 *
 * <p>One server at a time per instance; attach and detach from one thread.
 */
@Extension
public final class HttpApiInterface implements UserInterface {
    private static final Logger log = LoggerFactory.getLogger(HttpApiInterface.class);

    private ApiServer server;

    @Override
    public String name() {
        return "http-api";
    }

    @Override
    public void attach(SessionControl session, InterfaceContext context) throws MimException {
        if (server != null) {
            throw new IllegalStateException("the HTTP API is attached already");
        }
        ApiSettings settings = ApiSettings.from(context);
        server = ApiServer.start(settings, session, usable(context.mounts()), context.setting("version").orElse(null),
                context.logs());
        String host = server.address().getAddress().getHostAddress();
        log.info("HTTP API listening on {}:{}", host.contains(":") ? "[" + host + "]" : host, server.address().getPort());
    }

    @Override
    public void detach() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The mounts whose path is {@code /name/}: anything else could shadow the API's own routes. */
    static List<HttpMount> usable(List<HttpMount> mounts) {
        List<HttpMount> out = new ArrayList<>();
        for (HttpMount m : mounts) {
            String path = m.path();
            if (path == null || !path.matches("/[A-Za-z0-9_~-][A-Za-z0-9._~-]*(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*/")
                    || path.startsWith("/torrents/") || path.equals("/stats/")) {
                log.warn("{} mounts at '{}', which is not a path of its own like /name/: left out",
                        m.getClass().getName(), path);
                continue;
            }
            out.add(m);
        }
        return out;
    }
}
