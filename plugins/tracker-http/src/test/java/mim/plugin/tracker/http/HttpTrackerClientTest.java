package mim.plugin.tracker.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static mim.plugin.tracker.http.Announces.answer;
import static mim.plugin.tracker.http.Announces.await;
import static mim.plugin.tracker.http.Announces.failure;
import static mim.plugin.tracker.http.Announces.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mim.core.bencode.BDict;
import mim.core.bencode.BInt;
import mim.core.bencode.BList;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.TorrentEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Announces to a WireMock tracker on loopback, one test per shape of answer. */
class HttpTrackerClientTest {
    @RegisterExtension
    static final WireMockExtension tracker = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort())
            .build();

    private final HttpTrackerClient client =
            new HttpTrackerClient(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));

    @AfterEach
    void closeClient() {
        client.close();
    }

    private URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + tracker.getPort() + pathAndQuery);
    }

    private void answerWith(ResponseDefinitionBuilder response) {
        tracker.stubFor(get(urlPathEqualTo("/announce")).willReturn(response));
    }

    private void answerWith(BDict body) {
        answerWith(aResponse().withStatus(200).withBody(body.encode()));
    }

    private CompletableFuture<AnnounceResponse> announce() {
        return client.announce(url("/announce"), request(TorrentEvent.STARTED));
    }

    private static InetSocketAddress peer(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = tracker.findAll(getRequestedFor(urlPathEqualTo("/announce")));
        assertEquals(1, requests.size());
        return requests.get(0);
    }

    @Test
    void announcesFromTheRequestsLocalAddress() throws Exception {
        answerWith(answer().build());
        InetAddress local = InetAddress.getByName("127.0.0.9");
        await(client.announce(url("/announce"), request(TorrentEvent.STARTED, local)));
        // Without one, the system picks 127.0.0.1 towards a tracker there: the binding is what changed it.
        await(client.announce(url("/announce"), request(TorrentEvent.STARTED)));

        List<LoggedRequest> requests = tracker.findAll(getRequestedFor(urlPathEqualTo("/announce")));
        assertEquals(List.of("127.0.0.9", "127.0.0.1"), requests.stream().map(LoggedRequest::getClientIp).toList());
    }

    @Test
    void saysWhenTheLocalAddressCannotBeBound() throws Exception {
        // 192.0.2.1 (TEST-NET-1) is on no interface of this machine.
        String message = failure(client.announce(url("/announce"),
                request(TorrentEvent.STARTED, InetAddress.getByName("192.0.2.1"))));
        assertTrue(message.contains("192.0.2.1"), message);
    }

    @Test
    void saysWhenAnIpv6TrackerCannotBeReachedFromAnIpv4LocalAddress() throws Exception {
        String message = failure(client.announce(URI.create("http://[::1]:9/announce"),
                request(TorrentEvent.STARTED, InetAddress.getByName("127.0.0.9"))));
        assertTrue(message.contains("cannot reach 0:0:0:0:0:0:0:1 from 127.0.0.9, the one address announces are sent"
                + " from (--listen-addr): IPv4 only"), message);
    }

    @Test
    void readsCompactPeersAndCounts() throws Exception {
        byte[] peers = {10, 0, 0, 1, 0x1a, (byte) 0xe1, (byte) 192, (byte) 168, 1, 2, 0, 80, 1, 2, 3, 4, 0, 0};
        answerWith(answer().put("peers", peers).put("complete", 7).put("incomplete", 3).build());
        AnnounceResponse r = await(announce());
        assertEquals(List.of(peer("10.0.0.1", 6881), peer("192.168.1.2", 80)), r.peers(), "port 0 is dropped");
        assertEquals(Duration.ofMinutes(30), r.interval());
        assertEquals(7, r.seeders());
        assertEquals(3, r.leechers());
        assertNull(r.minInterval());
        assertNull(r.trackerId());
        assertNull(r.warning());
    }

    @Test
    void readsDictionaryPeersOfBothFamiliesAndSkipsNamesAndPortZero() throws Exception {
        BList peers = BList.of(
                BDict.builder().put("ip", "10.0.0.7").put("port", 51413).put("peer id", "x").build(),
                BDict.builder().put("ip", "2001:db8::5").put("port", 6882).build(),
                BDict.builder().put("ip", "tracker.example").put("port", 6883).build(),
                BDict.builder().put("ip", "300.1.1.1").put("port", 6883).build(),
                BDict.builder().put("ip", "10.0.0.8").put("port", 0).build(),
                BDict.builder().put("port", 6884).build());
        answerWith(answer().put("peers", peers).build());
        AnnounceResponse r = await(announce());
        assertEquals(List.of(peer("10.0.0.7", 51413), peer("2001:db8::5", 6882)), r.peers());
        assertEquals(-1, r.seeders());
    }

    @Test
    void readsCompactIpv6Peers() throws Exception {
        byte[] v6 = new byte[18];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[2] = 0x0d;
        v6[3] = (byte) 0xb8;
        v6[15] = 9;
        v6[16] = 0x1a;
        v6[17] = (byte) 0xe2;
        answerWith(answer().put("peers", new byte[0]).put("peers6", v6).build());
        assertEquals(List.of(peer("2001:db8::9", 6882)), await(announce()).peers());
    }

    @Test
    void refusesCompactPeersOfAWrongLength() {
        answerWith(answer().put("peers", new byte[13]).build());
        assertTrue(failure(announce()).endsWith("sent malformed peers: 'peers' is 13 bytes, not a multiple of 6"));
        answerWith(answer().put("peers6", new byte[17]).build());
        assertTrue(failure(announce()).endsWith("sent malformed peers: 'peers6' is 17 bytes, not a multiple of 18"));
    }

    @Test
    void aFailureReasonFailsTheAnnounceWithTheTrackersText() {
        answerWith(BDict.builder().put("failure reason", "torrent not registered").build());
        assertEquals("tracker " + url("/announce") + " refused the announce: torrent not registered", failure(announce()));
    }

    /** Both are shown (error, status line): a line break or a terminal escape must not get through. */
    @Test
    void aTrackersFailureReasonAndWarningAreShownAsOneLineWithoutControls() throws Exception {
        answerWith(BDict.builder().put("failure reason", "torrent\r\nnot\u001b[2J registered\u009b").build());
        assertEquals("tracker " + url("/announce") + " refused the announce: torrent not [2J registered",
                failure(announce()));
        answerWith(answer().put("warning message", "\u0007client\nis old").build());
        assertEquals("client is old", await(announce()).warning());
        answerWith(aResponse().withStatus(403).withStatusMessage("Forbidden")
                .withBody(BDict.builder().put("failure reason", "unknown\npasskey").build().encode()));
        assertTrue(failure(announce()).endsWith(" answered HTTP 403 Forbidden: unknown passkey"));
    }

    @Test
    void passesOnWarningTrackerIdAndMinInterval() throws Exception {
        answerWith(answer().put("warning message", "client is old").put("tracker id", "T-42")
                .put("min interval", 900).build());
        AnnounceResponse r = await(announce());
        assertEquals("client is old", r.warning());
        assertEquals("T-42", r.trackerId());
        assertEquals(Duration.ofMinutes(15), r.minInterval());
    }

    @Test
    void sendsTheTrackerIdItIsGiven() throws Exception {
        answerWith(answer().build());
        await(client.announce(url("/announce"), request(null).withTrackerId("T 42/x")));
        LoggedRequest sent = onlyRequest();
        assertTrue(sent.getUrl().endsWith("&trackerid=T%2042%2Fx"), sent.getUrl());
        assertFalse(sent.getUrl().contains("event="), "a regular announce has no event");
    }

    @Test
    void clampsAnIntervalOfZeroAndRequiresOne() throws Exception {
        answerWith(BDict.builder().put("interval", 0).build());
        assertEquals(Duration.ofSeconds(AnnounceParser.MIN_INTERVAL_SECONDS), await(announce()).interval());
        answerWith(BDict.builder().put("peers", new byte[0]).build());
        assertTrue(failure(announce()).endsWith(" answered without an interval"));
    }

    @Test
    void namesTheStatusOfAServerError() {
        answerWith(aResponse().withStatus(500).withStatusMessage("Server Error").withBody("oops"));
        assertEquals("tracker " + url("/announce") + " answered HTTP 500 Server Error", failure(announce()));
    }

    @Test
    void namesTheStatusOfNotFoundAndAnyFailureReasonWithIt() {
        answerWith(aResponse().withStatus(404).withStatusMessage("Not Found")
                .withBody(BDict.builder().put("failure reason", "unknown passkey").build().encode()));
        assertTrue(failure(announce()).endsWith(" answered HTTP 404 Not Found: unknown passkey"));
    }

    @Test
    void refusesABodyThatIsNotBencoding() {
        answerWith(aResponse().withStatus(200).withBody("<html><body>It works!</body></html>"));
        assertTrue(failure(announce()).contains(" sent an unreadable answer: invalid bencoding at byte 0"));
    }

    @Test
    void refusesTruncatedBencoding() {
        byte[] whole = answer().put("peers", new byte[12]).build().encode();
        answerWith(aResponse().withStatus(200).withBody(Arrays.copyOf(whole, whole.length - 5)));
        assertTrue(failure(announce()).contains(" sent an unreadable answer: invalid bencoding"));
    }

    @Test
    void refusesAnAnswerThatIsNotADictionary() {
        answerWith(aResponse().withStatus(200).withBody(BInt.of(5).encode()));
        assertTrue(failure(announce()).endsWith(" sent an answer that is not a dictionary"));
    }

    @Test
    void refusesAnOversizedBodyByItsLength() {
        answerWith(aResponse().withStatus(200).withBody(new byte[HttpTrackerClient.MAX_BODY_BYTES + 1]));
        assertTrue(failure(announce()).endsWith(" sent an answer larger than 1048576 bytes"));
    }

    @Test
    void refusesAnOversizedBodyWhileItStreams() {
        // Chunked: no length to check in advance, so the limit must hold while reading.
        answerWith(aResponse().withStatus(200).withBody(new byte[3 * HttpTrackerClient.MAX_BODY_BYTES])
                .withChunkedDribbleDelay(64, 10));
        assertTrue(failure(announce()).endsWith(" sent an answer larger than 1048576 bytes"));
    }

    @Test
    void givesUpOnASlowTracker() {
        answerWith(aResponse().withStatus(200).withBody(answer().build().encode()).withFixedDelay(3_000));
        HttpTrackerClient hasty = new HttpTrackerClient(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500));
        try {
            assertEquals("tracker " + url("/announce") + " timed out",
                    failure(hasty.announce(url("/announce"), request(null))));
        } finally {
            hasty.close();
        }
    }

    @Test
    void followsARedirect() throws Exception {
        answerWith(aResponse().withStatus(302).withHeader("Location", "/moved/announce?from=redirect"));
        tracker.stubFor(get(urlPathEqualTo("/moved/announce")).willReturn(aResponse().withStatus(200)
                .withBody(answer().put("peers", new byte[] {10, 0, 0, 3, 0x1a, (byte) 0xe1}).build().encode())));
        assertEquals(List.of(peer("10.0.0.3", 6881)), await(announce()).peers());
        assertEquals(1, tracker.findAll(getRequestedFor(urlPathEqualTo("/moved/announce"))).size());
    }

    @Test
    void followsARedirectToHttpsOverTls() {
        answerWith(aResponse().withStatus(302)
                .withHeader("Location", "https://127.0.0.1:" + tracker.getHttpsPort() + "/announce"));
        String message = failure(announce());
        // WireMock's certificate is its own, trusted by no one: the TLS handshake, not the 302, is what fails.
        assertTrue(message.startsWith("tracker " + url("/announce") + " failed: "), message);
        assertTrue(message.contains("certification path"), message);
        assertTrue(client.startedTls());
    }

    @Test
    void plainAnnouncesSetUpNoTls() throws Exception {
        answerWith(answer().build());
        await(announce());
        await(client.announce(url("/announce"), request(TorrentEvent.STARTED, InetAddress.getLoopbackAddress())));
        assertTrue(client.started());
        assertFalse(client.startedTls());
    }

    @Test
    void encodesEveryByteOfInfoHashAndPeerIdExactly() throws Exception {
        answerWith(answer().build());
        await(announce());
        assertEquals("/announce?info_hash=" + Announces.INFO_HASH_ENCODED + "&peer_id=" + Announces.PEER_ID_ENCODED
                + "&port=6881&uploaded=10&downloaded=20&left=30&compact=1&numwant=50&key=0badcafe&event=started",
                onlyRequest().getUrl());
    }

    @Test
    void keepsTheQueryTheUrlAlreadyHas() throws Exception {
        answerWith(answer().build());
        await(client.announce(url("/announce?passkey=s3cr%2Bt&x=1"), request(TorrentEvent.COMPLETED)));
        String sent = onlyRequest().getUrl();
        assertTrue(sent.startsWith("/announce?passkey=s3cr%2Bt&x=1&info_hash=" + Announces.INFO_HASH_ENCODED + "&"), sent);
        assertTrue(sent.endsWith("&event=completed"), sent);
    }

    @Test
    void supportsHttpAndHttpsOnly() {
        assertTrue(client.supports(URI.create("http://t.example/announce")));
        assertTrue(client.supports(URI.create("HTTPS://t.example/announce")));
        assertFalse(client.supports(URI.create("udp://t.example:6969/announce")));
        assertFalse(client.supports(URI.create("announce")));
    }

    @Test
    void makesItsHttpClientOnTheFirstAnnounceOnly() throws Exception {
        assertFalse(client.started(), "made before any announce");
        assertFalse(client.supports(URI.create("udp://t.example:6969/announce")));
        failure(client.announce(URI.create("udp://t.example:6969/announce"), request(null)));
        assertFalse(client.started(), "made for an announce it does not send");
        answerWith(answer().build());
        await(announce());
        assertTrue(client.started());
    }

    @Test
    void closedBeforeAnyAnnounceRefusesAnnouncesWithoutMakingAClient() {
        HttpTrackerClient unused = new HttpTrackerClient();
        unused.close();
        assertTrue(failure(unused.announce(url("/announce"), request(null))).endsWith("the HTTP client is closed"));
        assertFalse(unused.started());
        assertTrue(tracker.findAll(getRequestedFor(urlPathEqualTo("/announce"))).isEmpty());
    }

    @Test
    void closingFailsWhatIsInFlightAndWhatComesAfter() {
        answerWith(aResponse().withStatus(200).withBody(answer().build().encode()).withFixedDelay(3_000));
        HttpTrackerClient patient = new HttpTrackerClient(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30));
        CompletableFuture<AnnounceResponse> inFlight = patient.announce(url("/announce"), request(null));
        patient.close();
        assertTrue(failure(inFlight).startsWith("tracker " + url("/announce") + " failed: "));
        assertTrue(failure(patient.announce(url("/announce"), request(null))).endsWith("the HTTP client is closed"));
        patient.close();
    }
}
