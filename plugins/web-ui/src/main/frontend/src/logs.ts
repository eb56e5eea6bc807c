// The server's log as it happens (GET /stream_logs, one JSON record a line), kept for the logs view.
//
// States: idle -> reading (start) -> idle (the stream ended or failed; start reads again). Reading
// goes on while the view is closed, so opening it again shows what happened meanwhile; only the last
// `capacity` records are kept. Owned by the page's one thread.
import { describe, type Api } from './api';

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
  reading: boolean;
  error: string | null;
}

export class LogReader {
  private state: LogState = { records: [], reading: false, error: null };
  private readonly listeners = new Set<(s: LogState) => void>();
  private abort: AbortController | null = null;

  constructor(
    private readonly api: Api,
    readonly capacity = 1000,
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

  /** Reads the log unless it is being read. */
  start(): void {
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    this.emit({ reading: true, error: null });
    void this.read(abort.signal)
      .catch((e) => {
        if (!abort.signal.aborted) this.emit({ error: describe(e) });
      })
      .finally(() => {
        if (this.abort === abort) this.abort = null;
        this.emit({ reading: false });
      });
  }

  stop(): void {
    this.abort?.abort();
    this.abort = null;
  }

  /** Records as they come, kept to the last `capacity`. */
  add(records: LogRecord[]): void {
    if (records.length === 0) return;
    const all = [...this.state.records, ...records];
    this.emit({ records: all.length > this.capacity ? all.slice(all.length - this.capacity) : all });
  }

  private async read(signal: AbortSignal): Promise<void> {
    const body = (await this.api.streamLogs(signal)).body;
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
