package mim.plugin.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TorrentRefTest {
    private final FakeSession session = new FakeSession();

    @Test
    void anIdIsTakenAsItIsAndAnInfoHashIsLookedUp() throws Exception {
        assertEquals(3, TorrentRef.resolve("3", session), "the session answers for ids it does not have");
        assertEquals(0, TorrentRef.resolve("0", session));
        assertEquals(FakeSession.ID, TorrentRef.resolve(FakeSession.HASH, session));
        assertEquals(FakeSession.ID, TorrentRef.resolve(FakeSession.HASH.toUpperCase(), session));
    }

    @Test
    void anythingElseIsABadRequestAndAnUnknownHashIsNotFound() {
        for (String bad : new String[] {"", "-1", "1.5", "0x10", "1234567890", "abc", FakeSession.HASH + "0",
                FakeSession.HASH.substring(1) + "g"}) {
            ApiError e = assertThrows(ApiError.class, () -> TorrentRef.resolve(bad, session), bad);
            assertEquals(400, e.status().code(), bad);
        }
        ApiError unknown = assertThrows(ApiError.class, () -> TorrentRef.resolve("ab".repeat(20), session));
        assertEquals(404, unknown.status().code());
        assertEquals("torrent_not_found", unknown.kind());
    }
}
