import { torrent } from './testing';
import { countByFilter, isActive, progressOf, ratioOf, visibleTorrents } from './torrents';

const list = [
  torrent(1, 'Debian netinst', 'downloading', { progress_bytes: 500, download_speed: { bytes_per_second: 10, human_readable: '' } }),
  torrent(2, 'Big Buck Bunny', 'seeding', { progress_bytes: 1000, finished: true, uploaded_bytes: 2000, downloaded_bytes: 1000 }),
  torrent(3, 'archive.org scans', 'paused'),
  torrent(4, 'broken', 'error', { error: 'disk full' }),
  torrent(5, 'metadata please', 'fetching_metadata', { total_bytes: 0, progress_bytes: 0, downloaded_bytes: 0 }),
];

describe('the list', () => {
  it('filters by state, a magnet waiting for metadata counting as downloading', () => {
    const names = (f: Parameters<typeof visibleTorrents>[1]) =>
      visibleTorrents(list, f, '', { key: 'added', descending: false }).map((t) => t.id);
    expect(names('all')).toEqual([1, 2, 3, 4, 5]);
    expect(names('downloading')).toEqual([1, 5]);
    expect(names('seeding')).toEqual([2]);
    expect(names('paused')).toEqual([3]);
    expect(names('error')).toEqual([4]);
    expect(countByFilter(list)).toEqual({ all: 5, downloading: 2, seeding: 1, paused: 1, error: 1 });
  });

  it('finds every word of the search in the name or the info-hash, in any case', () => {
    const found = (q: string) => visibleTorrents(list, 'all', q, { key: 'added', descending: false }).map((t) => t.id);
    expect(found('bunny BIG')).toEqual([2]);
    expect(found('bunny debian')).toEqual([]);
    expect(found('0000000003')).toEqual([3]);
  });

  it('sorts by a column either way, ties in the order they were added', () => {
    const by = (key: Parameters<typeof visibleTorrents>[3]['key'], descending = false) =>
      visibleTorrents(list, 'all', '', { key, descending }).map((t) => t.id);
    expect(by('name')).toEqual([3, 2, 4, 1, 5]);
    expect(by('progress', true)).toEqual([2, 1, 3, 4, 5]);
    expect(by('down', true)).toEqual([2, 3, 4, 5, 1]);
    expect(by('down')).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads progress, ratio and what can be paused from the stats', () => {
    expect(progressOf(list[0])).toBe(0.5);
    expect(progressOf(list[4])).toBe(0);
    expect(ratioOf(list[1])).toBe(2);
    expect(ratioOf(list[4])).toBeNull();
    expect(list.map(isActive)).toEqual([true, true, false, false, true]);
  });
});
