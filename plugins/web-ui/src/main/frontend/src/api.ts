// The mim server's HTTP API, as the page uses it. Every URL is relative to the page's own: the page
// lives at <base>/web/, the API at <base>/, so the page works behind a reverse proxy under any path.

export interface Speed {
  bytes_per_second: number;
  human_readable: string;
}

export type TorrentState =
  | 'fetching_metadata'
  | 'checking'
  | 'downloading'
  | 'seeding'
  | 'paused'
  | 'error'
  | 'stopped';

export interface TorrentStats {
  state: TorrentState;
  finished: boolean;
  error: string | null;
  total_bytes: number;
  progress_bytes: number;
  downloaded_bytes: number;
  uploaded_bytes: number;
  download_speed: Speed;
  upload_speed: Speed;
  peers: number;
  eta_seconds: number | null;
  file_progress: number[];
  banned: Record<string, number>;
  sources: string[];
}

export interface TorrentFile {
  name: string;
  components: string[];
  length: number;
  included: boolean;
  padding: boolean;
}

export interface Torrent {
  id: number;
  info_hash: string;
  name: string;
  output_folder: string;
  state: TorrentState;
  total_pieces: number;
  added_at: string;
  completed_at: string | null;
  labels?: string[];
  stats?: TorrentStats;
}

/** Rate and seed limits; null is none. */
export interface Limits {
  download_bps: number | null;
  upload_bps: number | null;
  seed_ratio: number | null;
  seed_time_secs: number | null;
}

export interface TorrentDetails extends Torrent {
  files: TorrentFile[];
}

export interface SessionStats {
  torrents: number;
  downloaded_bytes: number;
  uploaded_bytes: number;
  download_speed: Speed;
  upload_speed: Speed;
  peers: number;
  uptime_seconds: number;
}

export interface Peer {
  address: string;
  client: string;
  encrypted: boolean;
  direction: 'incoming' | 'outgoing';
  state: string;
  seed: boolean;
  downloaded_bytes: number;
  uploaded_bytes: number;
  download_speed: Speed;
  upload_speed: Speed;
}

export interface Added {
  id: number | null;
  added: boolean;
  output_folder: string;
  details: TorrentDetails;
}

/** What the page sends as a torrent: a magnet link or URL as text, or a .torrent file's bytes. */
export type TorrentSource = { text: string } | { file: Blob };

export interface AddOptions {
  listOnly?: boolean;
  onlyFiles?: number[];
  outputFolder?: string;
  paused?: boolean;
}

/** An answer of the API that is not a success, in the words the server gave. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server did not answer at all. */
export class UnreachableError extends Error {
  constructor(readonly cause: unknown) {
    super('the mim server cannot be reached');
    this.name = 'UnreachableError';
  }
}

export class Api {
  /** @param base the API's root URL, ending in a slash */
  constructor(
    readonly base: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** The API of the server that serves this page: one level above the page's folder. */
  static ofPage(pageUrl: string): Api {
    return new Api(new URL('../', pageUrl).href);
  }

  url(path: string): string {
    return new URL(path, this.base).href;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path), { cache: 'no-store', ...init });
    } catch (e) {
      throw new UnreachableError(e);
    }
    if (!response.ok) {
      throw await errorOf(response);
    }
    return response;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await this.request(path, init)).json() as Promise<T>;
  }

  /** GET / : the server's name, version and routes. */
  index(): Promise<{ server: string; version: string; apis: Record<string, string> }> {
    return this.json('./');
  }

  torrents(): Promise<Torrent[]> {
    return this.json<{ torrents: Torrent[] }>('torrents?with_stats=true').then((r) => r.torrents);
  }

  stats(): Promise<SessionStats> {
    return this.json('stats');
  }

  details(id: number): Promise<TorrentDetails> {
    return this.json(`torrents/${id}`);
  }

  torrentStats(id: number): Promise<TorrentStats> {
    return this.json(`torrents/${id}/stats/v1`);
  }

  peers(id: number): Promise<Peer[]> {
    return this.json<{ peers: Peer[] }>(`torrents/${id}/peer_stats`).then((r) => r.peers);
  }

  /** The pieces the torrent has, as the wire's bitfield (highest bit of the first byte is piece 0). */
  async haves(id: number): Promise<Uint8Array> {
    const r = await this.request(`torrents/${id}/haves`, { headers: { Accept: 'application/octet-stream' } });
    return new Uint8Array(await r.arrayBuffer());
  }

  add(source: TorrentSource, options: AddOptions = {}): Promise<Added> {
    const query = new URLSearchParams();
    if (options.listOnly) query.set('list_only', 'true');
    if (options.onlyFiles) query.set('only_files', options.onlyFiles.join(','));
    if (options.outputFolder) query.set('output_folder', options.outputFolder);
    if (options.paused) query.set('paused', 'true');
    const q = query.toString();
    const body = 'text' in source ? source.text.trim() : source.file;
    const type = 'text' in source ? 'text/plain' : 'application/x-bittorrent';
    return this.json(`torrents${q ? `?${q}` : ''}`, { method: 'POST', body, headers: { 'Content-Type': type } });
  }

  /** The session's limits (no id) or a torrent's own. */
  limits(id?: number): Promise<Limits> {
    return this.json(id === undefined ? 'torrents/limits' : `torrents/${id}/limits`);
  }

  async setLimits(id: number | undefined, limits: Limits): Promise<void> {
    await this.request(id === undefined ? 'torrents/limits' : `torrents/${id}/limits`, {
      method: 'POST',
      body: JSON.stringify(limits),
      headers: { 'Content-Type': 'application/json' },
    });
  }

  async setLabels(id: number, labels: string[]): Promise<void> {
    await this.request(`torrents/${id}/labels`, {
      method: 'POST',
      body: JSON.stringify({ labels }),
      headers: { 'Content-Type': 'application/json' },
    });
  }

  /** The log from now on, one JSON record a line, until the signal aborts it. */
  streamLogs(signal: AbortSignal): Promise<Response> {
    return this.request('stream_logs', { signal });
  }

  /** Where a file's bytes are read as it downloads; the name at the end is for players. */
  streamUrl(id: number, file: number, name: string): string {
    return this.url(`torrents/${id}/stream/${file}/${encodeURIComponent(name)}`);
  }

  /** An M3U of the torrent's audio and video files, each a stream. */
  playlistUrl(id: number): string {
    return this.url(`torrents/${id}/playlist`);
  }

  async act(id: number, action: 'pause' | 'start' | 'forget' | 'delete' | 'verify'): Promise<void> {
    await this.request(`torrents/${id}/${action}`, { method: 'POST' });
  }

  async chooseFiles(id: number, onlyFiles: number[]): Promise<void> {
    await this.request(`torrents/${id}/update_only_files`, {
      method: 'POST',
      body: JSON.stringify({ only_files: onlyFiles }),
      headers: { 'Content-Type': 'application/json' },
    });
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const e = JSON.parse(text) as { error_kind?: string; human_readable?: string };
    if (e.human_readable) {
      return new ApiError(response.status, e.error_kind ?? 'error', e.human_readable);
    }
  } catch {
    // not the API's error shape: say what came
  }
  const words = text.trim().split('\n')[0] || response.statusText || 'no reason given';
  return new ApiError(response.status, 'http', `the server answered ${response.status}: ${words}`);
}

/** An error as one sentence for the page. */
export function describe(error: unknown): string {
  if (error instanceof ApiError || error instanceof UnreachableError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
