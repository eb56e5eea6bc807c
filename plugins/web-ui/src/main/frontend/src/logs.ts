// The server's log as it happens (GET /stream_logs, one JSON record a line), kept for the logs view.
//
// States: idle -> reading (start) -> waiting (the stream ended or broke off: the server went away or
// restarted) -> reading (it is opened again a few seconds later, as the event stream is) ... ->
// idle (stop, or an answer that refuses the stream: trying again would not change it). Reading goes
// on while the view is closed, so opening it again shows what happened meanwhile; only the last
// `capacity` records are kept. Owned by the page's one thread.
import { ApiError, describe, type Api } from './api';

export interface LogRecord {
  time: string;
  level: string;
  logger: string;
  message: string;
}

export const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;

/** Whether a record is at `least` or more severe; a level the page does not know is shown. */
export function atLeast(level: string, least: string): boolean {
  const rank = (l: string) => LEVELS.indexOf(l as (typeof LEVELS)[number]);
  return rank(level) < 0 || rank(level) <= rank(least);
}

/** Splits text that comes in pieces into whole lines; the last, unfinished one waits for the next piece. */
export class LineSplitter {
  private rest = '';

  push(piece: string): string[] {
    const lines = (this.rest + piece).split('\n');
    this.rest = lines.pop()!;
    return lines.filter((l) => l.trim() !== '');
  }
}

export interface LogState {
  records: readonly LogRecord[];
  status: 'idle' | 'reading' | 'waiting';
  /** Why the stream is not being read (while waiting or idle after a refusal), in words. */
  error: string | null;
  /** When the stream was last opened again after a break: the lines logged in between are missing. */
  reopenedAt: Date | null;
}

export class LogReader {
  private state: LogState = { records: [], status: 'idle', error: null, reopenedAt: null };
  private readonly listeners = new Set<(s: LogState) => void>();
  private abort: AbortController | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private broken = false;

  constructor(
    private readonly api: Api,
    readonly capacity = 1000,
    private readonly retryMillis = 2000,
  ) {}

  get current(): LogState {
    return this.state;
  }

  subscribe(listener: (s: LogState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: Partial<LogState>): void {
    this.state = { ...this.state, ...change };
    this.listeners.forEach((l) => l(this.state));
  }

  /** Reads the log unless it is being read (or about to be again). */
  start(): void {
    if (this.abort || this.retry) return;
    const abort = new AbortController();
    this.abort = abort;
    // A failure stays said until the stream is open again.
    this.emit({ status: 'reading' });
    void this.read(abort.signal)
      .then(
        () => 'the server ended the log stream',
        (e: unknown) => e,
      )
      .then((why) => {
        if (abort.signal.aborted) return;
        this.abort = null;
        if (why instanceof ApiError) {
          // An answer, not a break: asking again would get the same.
          this.emit({ status: 'idle', error: describe(why) });
          return;
        }
        this.broken = true;
        this.emit({ status: 'waiting', error: typeof why === 'string' ? why : describe(why) });
        this.retry = setTimeout(() => {
          this.retry = null;
          this.start();
        }, this.retryMillis);
      });
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    if (this.state.status !== 'idle') this.emit({ status: 'idle' });
  }

  /** Records as they come, kept to the last `capacity`. */
  add(records: LogRecord[]): void {
    if (records.length === 0) return;
    const all = [...this.state.records, ...records];
    this.emit({ records: all.length > this.capacity ? all.slice(all.length - this.capacity) : all });
  }

  private async read(signal: AbortSignal): Promise<void> {
    const body = (await this.api.streamLogs(signal)).body;
    this.emit({ error: null, reopenedAt: this.broken ? new Date() : this.state.reopenedAt });
    this.broken = false;
    if (!body) return;
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    const lines = new LineSplitter();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      this.add(
        lines.push(value).flatMap((line) => {
          try {
            return [JSON.parse(line) as LogRecord];
          } catch {
            return [{ time: '', level: 'INFO', logger: '', message: line }];
          }
        }),
      );
    }
  }
}
