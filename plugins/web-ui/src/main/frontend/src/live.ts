// The page's live view of the server: the torrents and the session's totals, kept fresh.
//
// States: connecting -> events | polling; events -> polling (the stream dropped); polling -> events
// (the stream is tried again every so often); any -> unreachable (a request found no server) ->
// polling (an answer came back), from which the stream is tried again.
//
// With the server's event stream (GET /events, when GET / lists it) the list is read once when the
// stream opens (again after every reconnect) and then kept by the events themselves: a `stats` tick
// replaces the session's totals and the stats of the torrents it names, the other events add,
// replace or remove one torrent, and nothing is asked while nothing happens. Only `events_lost`, or
// an event about a torrent the page does not know, reads the list afresh. Without the stream, or
// when it drops, the list is asked for every second. Refreshes never overlap: one asked for during
// another runs after it.
import { Api, UnreachableError, type SessionStats, type Torrent, type TorrentState, type TorrentStats } from './api';
import { SpeedHistory } from './speeds';

export type Connection = 'connecting' | 'events' | 'polling' | 'unreachable';

export interface Snapshot {
  torrents: Torrent[] | null;
  session: SessionStats | null;
  connection: Connection;
  /** The last refresh's failure other than an unreachable server, in words; null after a success. */
  error: string | null;
  /** The session's speeds (key `session`) and each torrent's (its id), one sample a tick or poll. */
  speeds: SpeedHistory;
}

/** The part of the browser's EventSource this uses, so tests can give their own. */
export interface EventStream {
  onopen: ((e: Event) => void) | null;
  onerror: ((e: Event) => void) | null;
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  close(): void;
}

export const EVENT_TYPES = ['torrent_added', 'torrent_state', 'torrent_completed', 'torrent_removed', 'stats', 'events_lost'];

/** The data of a `stats` tick: the session, and the stats of the torrents that changed, by id. */
interface Tick {
  session: SessionStats;
  torrents: Record<string, TorrentStats>;
}

export interface LiveOptions {
  /** Opens the event stream at a URL; null where the browser has none. */
  openStream?: ((url: string) => EventStream) | null;
  pollMillis?: number;
  /** How long after the stream dropped it is tried again. */
  retryStreamMillis?: number;
}

export class Live {
  private snapshot: Snapshot = { torrents: null, session: null, connection: 'connecting', error: null, speeds: new SpeedHistory() };
  private readonly listeners = new Set<(s: Snapshot) => void>();
  private readonly openStream: ((url: string) => EventStream) | null;
  private readonly pollMillis: number;
  private readonly retryStreamMillis: number;
  private stream: EventStream | null = null;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private running = false;
  private polling = false;
  private refreshing: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly api: Api,
    options: LiveOptions = {},
  ) {
    this.openStream =
      options.openStream !== undefined
        ? options.openStream
        : typeof EventSource === 'undefined'
          ? null
          : (url) => new EventSource(url);
    this.pollMillis = options.pollMillis ?? 1000;
    this.retryStreamMillis = options.retryStreamMillis ?? 15000;
  }

  get current(): Snapshot {
    return this.snapshot;
  }

  subscribe(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.polling = false;
    this.closeStream();
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }

  /** Asks for the list now (after an action, say); resolves once the page has it. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = this.fetchOnce().finally(() => {
      this.refreshing = null;
      if (this.again && this.running) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  private emit(change: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    this.listeners.forEach((l) => l(this.snapshot));
  }

  private later(millis: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.running) task();
    }, millis);
    this.timers.add(timer);
  }

  /** Finds out whether the server streams events, and listens to them or polls. */
  private async connect(): Promise<void> {
    let streams = false;
    try {
      streams = this.openStream !== null && 'GET /events' in (await this.api.index()).apis;
    } catch (e) {
      if (e instanceof UnreachableError) this.emit({ connection: 'unreachable' });
      // Poll meanwhile; whether the server streams is asked again later.
      this.later(this.retryStreamMillis, () => void this.connect());
    }
    if (!this.running) return;
    if (streams) {
      this.listen();
    } else {
      this.poll();
    }
  }

  private listen(): void {
    this.polling = false;
    const stream = this.openStream!(this.api.url('events'));
    this.stream = stream;
    stream.onopen = () => {
      // Opened or reopened: what happened while it was closed is only in the list.
      this.emit({ connection: 'events' });
      void this.refresh();
    };
    EVENT_TYPES.forEach((type) => stream.addEventListener(type, (e) => this.apply(type, e.data)));
    stream.onerror = () => {
      // The browser would retry on its own, but the list must not go stale meanwhile: poll, and try
      // the stream again later.
      this.closeStream();
      this.poll();
      this.later(this.retryStreamMillis, () => void this.connect());
    };
  }

  /** One event of the stream, applied to the list; anything the page cannot place reads it afresh. */
  private apply(type: string, data: string): void {
    const torrents = this.snapshot.torrents;
    if (torrents === null || type === 'events_lost') {
      void this.refresh();
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      void this.refresh();
      return;
    }
    if (type === 'stats') {
      const tick = value as Tick;
      const known = new Set(torrents.map((t) => t.id));
      const next = torrents.map((t) => {
        const s = tick.torrents[t.id];
        return s ? { ...t, state: s.state, stats: s } : t;
      });
      this.record(next, tick.session);
      this.emit({ torrents: next, session: tick.session });
      if (Object.keys(tick.torrents).some((id) => !known.has(Number(id)))) void this.refresh();
    } else if (type === 'torrent_state') {
      const change = value as { id: number; to: TorrentState };
      if (!torrents.some((t) => t.id === change.id)) {
        void this.refresh();
        return;
      }
      this.emit({
        torrents: torrents.map((t) =>
          t.id === change.id ? { ...t, state: change.to, stats: t.stats && { ...t.stats, state: change.to } } : t,
        ),
      });
    } else if (type === 'torrent_removed') {
      const id = (value as { id: number }).id;
      this.emit({ torrents: torrents.filter((t) => t.id !== id) });
    } else {
      // Added or completed: the torrent as the list shows it, without stats; the next tick brings them.
      const torrent = value as Torrent;
      const old = torrents.find((t) => t.id === torrent.id);
      const merged = { ...torrent, stats: torrent.stats ?? old?.stats };
      this.emit({ torrents: old ? torrents.map((t) => (t.id === torrent.id ? merged : t)) : [...torrents, merged] });
    }
  }

  /** A sample of every speed, and no series kept for a torrent gone. */
  private record(torrents: Torrent[], session: SessionStats): void {
    const at = Date.now();
    const speeds = this.snapshot.speeds;
    speeds.record('session', { at, down: session.download_speed.bytes_per_second, up: session.upload_speed.bytes_per_second });
    const keep = new Set(['session']);
    for (const t of torrents) {
      keep.add(String(t.id));
      if (t.stats) {
        speeds.record(String(t.id), { at, down: t.stats.download_speed.bytes_per_second, up: t.stats.upload_speed.bytes_per_second });
      }
    }
    speeds.retain(keep);
  }

  private closeStream(): void {
    if (this.stream) {
      this.stream.onopen = this.stream.onerror = null;
      this.stream.close();
      this.stream = null;
    }
  }

  private poll(): void {
    if (this.polling) return;
    this.polling = true;
    const tick = async () => {
      if (!this.polling || !this.running) return;
      await this.refresh();
      if (this.polling) this.later(this.pollMillis, tick);
    };
    void tick();
  }

  private async fetchOnce(): Promise<void> {
    try {
      const [torrents, session] = await Promise.all([this.api.torrents(), this.api.stats()]);
      const connection = this.stream ? 'events' : 'polling';
      // Polls are the ticks of the graphs when there is no stream; with one, the ticks are.
      if (!this.stream) this.record(torrents, session);
      this.emit({ torrents, session, connection, error: null });
    } catch (e) {
      if (e instanceof UnreachableError) {
        this.emit({ connection: 'unreachable' });
        if (this.stream) {
          // The stream will not say more: poll until the server is back.
          this.stream.onerror?.(new Event('error'));
        }
      } else {
        this.emit({ error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
}
