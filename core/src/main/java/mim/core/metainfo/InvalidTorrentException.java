package mim.core.metainfo;

import mim.core.MimException;

/**
 * A torrent file that cannot be used. The message says what is wrong in one line, for the user
 * (the caller adds which file); {@link #category()} says which rule was broken, named after
 * libtorrent's error codes so the two can be compared on the same corpus.
 */
public class InvalidTorrentException extends MimException {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure, each mirroring one libtorrent error name. */
    public enum Category {
        INVALID_BENCODING("invalid_bencoding"),
        DEPTH_EXCEEDED("depth_exceeded"),
        TOO_LARGE("metadata_too_large"),
        IS_NO_DICT("torrent_is_no_dict"),
        MISSING_INFO("torrent_missing_info"),
        INFO_NO_DICT("torrent_info_no_dict"),
        UNKNOWN_VERSION("torrent_unknown_version"),
        MISSING_PIECE_LENGTH("torrent_missing_piece_length"),
        MISSING_NAME("torrent_missing_name"),
        INVALID_NAME("torrent_invalid_name"),
        INVALID_LENGTH("torrent_invalid_length"),
        FILE_PARSE_FAILED("torrent_file_parse_failed"),
        DIRECTORY_TOO_DEEP("torrent_directory_too_deep"),
        MISSING_FILE_TREE("torrent_missing_file_tree"),
        MISSING_META_VERSION("torrent_missing_meta_version"),
        MISSING_PIECES_ROOT("torrent_missing_pieces_root"),
        INVALID_PAD_FILE("torrent_invalid_pad_file"),
        NO_FILES("no_files_in_torrent"),
        INCONSISTENT_FILES("torrent_inconsistent_files"),
        TOO_MANY_PIECES("too_many_pieces_in_torrent"),
        MISSING_PIECES("torrent_missing_pieces"),
        INVALID_HASHES("torrent_invalid_hashes"),
        INVALID_PIECE_LAYER("torrent_invalid_piece_layer"),
        TOO_MANY_DUPLICATE_FILENAMES("too_many_duplicate_filenames");

        private final String libtorrentName;

        Category(String libtorrentName) {
            this.libtorrentName = libtorrentName;
        }

        /** libtorrent's name for this failure, e.g. {@code torrent_missing_piece_length}. */
        public String libtorrentName() {
            return libtorrentName;
        }

        /** The category with libtorrent's name {@code name}. */
        public static Category ofLibtorrentName(String name) {
            for (Category c : values()) {
                if (c.libtorrentName.equals(name)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no category named " + name);
        }
    }

    private final Category category;

    public InvalidTorrentException(Category category, String message) {
        super(message);
        this.category = category;
    }

    public InvalidTorrentException(Category category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
