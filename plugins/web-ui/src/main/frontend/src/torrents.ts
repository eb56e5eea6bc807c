// What the list shows of a torrent, and how it is filtered and sorted. Pure functions over the API's
// values, so the rules are tested without a page.
import type { Torrent, TorrentState } from './api';

export type Filter = 'all' | 'downloading' | 'seeding' | 'paused' | 'error';
export const FILTERS: { id: Filter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'downloading', label: 'Downloading' },
  { id: 'seeding', label: 'Seeding' },
  { id: 'paused', label: 'Paused' },
  { id: 'error', label: 'Error' },
];

export type SortKey = 'name' | 'size' | 'progress' | 'state' | 'down' | 'up' | 'peers' | 'eta' | 'ratio' | 'added';
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** A torrent's state as the stats tell it (they are newer than the list's own field). */
export function stateOf(t: Torrent): TorrentState {
  return t.stats?.state ?? t.state;
}

export const STATE_LABELS: Record<TorrentState, string> = {
  fetching_metadata: 'Fetching info',
  checking: 'Checking',
  downloading: 'Downloading',
  seeding: 'Seeding',
  paused: 'Paused',
  error: 'Error',
  stopped: 'Stopped',
};

export function progressOf(t: Torrent): number {
  const s = t.stats;
  if (!s || s.total_bytes <= 0) return s?.finished ? 1 : 0;
  return Math.min(1, s.progress_bytes / s.total_bytes);
}

export function sizeOf(t: Torrent): number {
  return t.stats?.total_bytes ?? 0;
}

/** Uploaded over downloaded; a torrent seeded from data it already had counts its size instead. */
export function ratioOf(t: Torrent): number | null {
  const s = t.stats;
  if (!s) return null;
  const base = Math.max(s.downloaded_bytes, s.progress_bytes);
  return base > 0 ? s.uploaded_bytes / base : null;
}

/** Whether the torrent can be paused (else it can be resumed). */
export function isActive(t: Torrent): boolean {
  const state = stateOf(t);
  return state !== 'paused' && state !== 'error' && state !== 'stopped';
}

export function matchesFilter(t: Torrent, filter: Filter): boolean {
  const state = stateOf(t);
  switch (filter) {
    case 'all':
      return true;
    case 'downloading':
      return state === 'downloading' || state === 'fetching_metadata' || state === 'checking';
    case 'seeding':
      return state === 'seeding';
    case 'paused':
      return state === 'paused' || state === 'stopped';
    case 'error':
      return state === 'error';
  }
}

/** Every word of the search in the torrent's name or info-hash, in any case. */
export function matchesSearch(t: Torrent, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${t.name} ${t.info_hash}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

function sortValue(t: Torrent, key: SortKey): number | string {
  const s = t.stats;
  switch (key) {
    case 'name':
      return t.name.toLowerCase();
    case 'size':
      return sizeOf(t);
    case 'progress':
      return progressOf(t);
    case 'state':
      return STATE_LABELS[stateOf(t)];
    case 'down':
      return s?.download_speed.bytes_per_second ?? 0;
    case 'up':
      return s?.upload_speed.bytes_per_second ?? 0;
    case 'peers':
      return s?.peers ?? 0;
    case 'eta':
      return s?.eta_seconds ?? Number.POSITIVE_INFINITY;
    case 'ratio':
      return ratioOf(t) ?? -1;
    case 'added':
      return t.added_at;
  }
}

/** The torrents the filter and search keep, sorted; ties keep the order they were added in. */
export function visibleTorrents(all: Torrent[], filter: Filter, search: string, sort: Sort): Torrent[] {
  const kept = all.filter((t) => matchesFilter(t, filter) && matchesSearch(t, search));
  const sign = sort.descending ? -1 : 1;
  return kept.sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return c !== 0 ? c * sign : a.id - b.id;
  });
}

export function countByFilter(all: Torrent[]): Record<Filter, number> {
  const counts = { all: 0, downloading: 0, seeding: 0, paused: 0, error: 0 };
  for (const t of all) {
    for (const f of FILTERS) {
      if (matchesFilter(t, f.id)) counts[f.id]++;
    }
  }
  return counts;
}
