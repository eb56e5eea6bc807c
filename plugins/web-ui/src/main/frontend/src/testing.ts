// Values shaped like the API's answers, for the tests.
import type { SessionStats, Torrent, TorrentState, TorrentStats } from './api';

export function stats(over: Partial<TorrentStats> = {}): TorrentStats {
  return {
    state: 'downloading',
    finished: false,
    error: null,
    total_bytes: 1000,
    progress_bytes: 250,
    downloaded_bytes: 250,
    uploaded_bytes: 0,
    download_speed: { bytes_per_second: 100, human_readable: '100 B/s' },
    upload_speed: { bytes_per_second: 0, human_readable: '0 B/s' },
    peers: 1,
    eta_seconds: 7,
    file_progress: [250],
    banned: {},
    sources: [],
    ...over,
  };
}

export function torrent(id: number, name: string, state: TorrentState = 'downloading', over: Partial<TorrentStats> = {}): Torrent {
  return {
    id,
    info_hash: id.toString(16).padStart(40, '0'),
    name,
    output_folder: '/srv/downloads',
    state,
    total_pieces: 4,
    added_at: `2026-01-0${id}T00:00:00Z`,
    completed_at: null,
    stats: stats({ state, ...over }),
  };
}

export function session(over: Partial<SessionStats> = {}): SessionStats {
  return {
    torrents: 1,
    downloaded_bytes: 0,
    uploaded_bytes: 0,
    download_speed: { bytes_per_second: 0, human_readable: '0 B/s' },
    upload_speed: { bytes_per_second: 0, human_readable: '0 B/s' },
    peers: 0,
    uptime_seconds: 1,
    ...over,
  };
}
