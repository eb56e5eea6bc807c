package mim.cli;

import picocli.CommandLine.Option;

/**
 * {@code --http-api-auth}: the HTTP API's Basic credentials, for the server that checks them and the
 * commands that send them.
 */
final class ApiAuth {
    @Option(names = "--http-api-auth", paramLabel = "USER:PASSWORD", defaultValue = "${env:MIM_HTTP_API_AUTH}",
            description = "HTTP Basic credentials of the server's API: the server requires them, other commands "
                    + "send them (default: the environment variable MIM_HTTP_API_AUTH, which keeps them out of the "
                    + "process list).")
    String credentials;

    /** The credentials, or null for none. */
    String orNull() {
        return credentials == null || credentials.isEmpty() ? null : credentials;
    }
}
