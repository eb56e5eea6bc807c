package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mim.core.MimException;
import mim.core.metainfo.Metainfo;
import org.junit.jupiter.api.Test;

class PieceStoreTest {
    @Test
    void aHashCutShortByAFailedReadLeavesNothingBehindForTheNextPiece() throws Exception {
        int pieceLength = 512 * 1024; // two reads a piece
        byte[] data = TestTorrents.content(2 * pieceLength, 7);
        Metainfo metainfo = TestTorrents.singleFile("a.bin", data, pieceLength);
        MemoryStorage storage = MemoryStorage.filled(data, 1);
        storage.open(metainfo.layout(), null, null);
        PieceStore store = new PieceStore(metainfo, storage, new boolean[] {true});

        storage.failNextReadAt(pieceLength / 2);
        assertThrows(MimException.Storage.class, () -> store.verify(0, false));

        assertTrue(store.verify(1, false).good(), "the next piece hashed on this thread");
        assertTrue(store.verify(0, false).good(), "the first piece, read again");
    }
}
