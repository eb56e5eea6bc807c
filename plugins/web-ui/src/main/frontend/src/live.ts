// The page's live view of the server: the torrents and the session's totals, kept fresh.
//
// States: connecting -> events | polling; events -> polling (the stream dropped); polling -> events
// (the stream is tried again every so often); any -> unreachable (a request found no server) ->
// polling (an answer came back), from which the stream is tried again.
//
// With the server's event stream (GET /events, when GET / lists it) an event is what prompts a
// refresh, so nothing is asked while nothing happens; without it, or when it drops, the list is
// asked for every second. Refreshes never overlap: an event during one asks for one more after it.
import { Api, UnreachableError, type SessionStats, type Torrent } from './api';

export type Connection = 'connecting' | 'events' | 'polling' | 'unreachable';

export interface Snapshot {
  torrents: Torrent[] | null;
  session: SessionStats | null;
  connection: Connection;
  /** The last refresh's failure other than an unreachable server, in words; null after a success. */
  error: string | null;
}

/** The part of the browser's EventSource this uses, so tests can give their own. */
export interface EventStream {
  onopen: ((e: Event) => void) | null;
  onerror: ((e: Event) => void) | null;
  onmessage: ((e: MessageEvent) => void) | null;
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  close(): void;
}

export const EVENT_TYPES = ['torrent_added', 'torrent_state', 'torrent_completed', 'torrent_removed', 'stats'];

export interface LiveOptions {
  /** Opens the event stream at a URL; null where the browser has none. */
  openStream?: ((url: string) => EventStream) | null;
  pollMillis?: number;
  /** How long after the stream dropped it is tried again. */
  retryStreamMillis?: number;
}

export class Live {
  private snapshot: Snapshot = { torrents: null, session: null, connection: 'connecting', error: null };
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
    const changed = () => void this.refresh();
    stream.onopen = () => {
      this.emit({ connection: 'events' });
      changed();
    };
    stream.onmessage = changed;
    EVENT_TYPES.forEach((type) => stream.addEventListener(type, changed));
    stream.onerror = () => {
      // The browser would retry on its own, but the list must not go stale meanwhile: poll, and try
      // the stream again later.
      this.closeStream();
      this.poll();
      this.later(this.retryStreamMillis, () => void this.connect());
    };
  }

  private closeStream(): void {
    if (this.stream) {
      this.stream.onopen = this.stream.onerror = this.stream.onmessage = null;
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
