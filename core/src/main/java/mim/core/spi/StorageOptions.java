package mim.core.spi;

import java.util.Set;

/**
 * How a {@link StorageBackend} opens a torrent's storage. Immutable.
 *
 * @param readOnly nothing is ever created or changed on disk: writes fail, reads of missing files
 *     fail; for verifying what is there
 * @param overwrite a read-write storage may write into files that already exist when it opens.
 *     Without it, {@link StorageBackend#open} refuses when a selected file exists, so that a new
 *     download never silently scribbles over someone's data. A resume that has checked the files
 *     passes {@code true}.
 * @param selectedFiles indexes into {@link mim.core.metainfo.FileLayout#files()} of the files the
 *     user wants, or {@code null} for all. A file that is not selected is still written when a write
 *     covers it (a piece at a file boundary needs all its bytes to be verified and served); it is
 *     only exempt from the overwrite check.
 */
public record StorageOptions(boolean readOnly, boolean overwrite, Set<Integer> selectedFiles) {

    public StorageOptions {
        selectedFiles = selectedFiles == null ? null : Set.copyOf(selectedFiles);
    }

    /** Read and write every file, refusing files that already exist. */
    public static StorageOptions readWrite() {
        return new StorageOptions(false, false, null);
    }

    /** Only read: for verifying or seeding what is on disk. */
    public static StorageOptions readOnlyAccess() {
        return new StorageOptions(true, false, null);
    }

    public StorageOptions withOverwrite(boolean allowed) {
        return new StorageOptions(readOnly, allowed, selectedFiles);
    }

    public StorageOptions withSelectedFiles(Set<Integer> files) {
        return new StorageOptions(readOnly, overwrite, files);
    }

    /** Whether file {@code index} is one the user wants. */
    public boolean isSelected(int index) {
        return selectedFiles == null || selectedFiles.contains(index);
    }
}
