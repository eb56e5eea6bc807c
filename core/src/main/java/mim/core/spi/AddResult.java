package mim.core.spi;

/**
 * What {@link SessionControl#add} did. Immutable.
 *
 * @param details the torrent, with its files when its metadata is known
 * @param added true for a torrent new to the session; false when it was there already (the id is the
 *     existing one) or nothing was added ({@link AddRequest#listOnly}: then the id in the details is -1)
 */
public record AddResult(TorrentDetails details, boolean added) {}
