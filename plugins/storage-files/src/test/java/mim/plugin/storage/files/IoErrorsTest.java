package mim.plugin.storage.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IoErrorsTest {

    @Test
    void namesTheFileAndTheReasonInPlainWords() {
        Path p = Path.of("/data/t/a");
        assertEquals("cannot write /data/t/a: no space left on device",
                IoErrors.storage("write", p, new IOException("No space left on device")).getMessage());
        assertEquals("cannot read /data/t/a: permission denied",
                IoErrors.storage("read", p, new AccessDeniedException("/data/t/a")).getMessage());
        assertEquals("cannot read /data/t/a: missing",
                IoErrors.storage("read", p, new NoSuchFileException("/data/t/a")).getMessage());
        assertEquals("cannot sync /data/t/a: input/output error",
                IoErrors.storage("sync", p, new FileSystemException("/data/t/a", null, "Input/output error"))
                        .getMessage());
        assertEquals("cannot read /data/t/a: unexpected failure (-v debug shows where)",
                IoErrors.storage("read", p, new IOException()).getMessage());
    }
}
