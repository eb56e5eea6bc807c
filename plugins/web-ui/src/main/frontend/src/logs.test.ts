import { Api } from './api';
import { atLeast, LineSplitter, LogReader } from './logs';

const record = (i: number) => ({ time: `t${i}`, level: 'INFO', logger: 'mim', message: `line ${i}` });

describe('the log', () => {
  it('joins lines split across pieces', () => {
    const lines = new LineSplitter();
    expect(lines.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(lines.push(':2}\n\n')).toEqual(['{"b":2}']);
  });

  it('filters by the least level shown', () => {
    expect(atLeast('ERROR', 'WARN')).toBe(true);
    expect(atLeast('INFO', 'WARN')).toBe(false);
    expect(atLeast('DEBUG', 'TRACE')).toBe(true);
  });

  it('keeps the last records only', () => {
    const reader = new LogReader(new Api('http://h/'), 3);
    reader.add([1, 2].map(record));
    reader.add([3, 4, 5].map(record));
    expect(reader.current.records.map((r) => r.message)).toEqual(['line 3', 'line 4', 'line 5']);
  });

  it('reads the records the server streams, in pieces', async () => {
    const text = `${JSON.stringify(record(1))}\n${JSON.stringify(record(2)).slice(0, 10)}`;
    const tail = `${JSON.stringify(record(2)).slice(10)}\n`;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(text));
        c.enqueue(new TextEncoder().encode(tail));
        c.close();
      },
    });
    const reader = new LogReader(new Api('http://h/', async () => new Response(body)), 1000, 60_000);
    reader.start();
    await vi.waitFor(() => expect(reader.current.status).toBe('waiting'));
    expect(reader.current.records.map((r) => r.message)).toEqual(['line 1', 'line 2']);
    expect(reader.current.error).toBe('the server ended the log stream');
    reader.stop();
    expect(reader.current.status).toBe('idle');
  });

  it('opens the stream again by itself after the server was away, and says when', async () => {
    const line = (i: number) => new TextEncoder().encode(`${JSON.stringify(record(i))}\n`);
    const answers = [
      // Cut off half way, as when the server stops.
      () =>
        new Response(
          new ReadableStream({
            start: (c) => c.enqueue(line(1)),
            pull: (c) => new Promise<void>((r) => setTimeout(r, 20)).then(() => c.error(new TypeError('network error'))),
          }),
        ),
      () => Promise.reject(new TypeError('Failed to fetch')),
      // Back: a stream that stays open.
      () => new Response(new ReadableStream({ start: (c) => c.enqueue(line(2)) })),
    ];
    let asked = 0;
    const reader = new LogReader(new Api('http://h/', async () => answers[Math.min(asked++, 2)]()), 1000, 5);
    const seen: string[] = [];
    reader.subscribe((s) => seen.push(s.error ?? s.status));
    reader.start();
    await vi.waitFor(() => expect(reader.current.records.map((r) => r.message)).toEqual(['line 1', 'line 2']));
    expect(asked).toBe(3);
    expect(seen).toContain('the mim server cannot be reached');
    expect(reader.current).toMatchObject({ status: 'reading', error: null });
    expect(reader.current.reopenedAt).toBeInstanceOf(Date);
    reader.stop();
  });

  it('does not ask again for a stream the server refused', async () => {
    let asked = 0;
    const api = new Api('http://h/', async () => {
      asked++;
      return new Response(JSON.stringify({ error_kind: 'not_found', human_readable: 'no such route' }), { status: 404 });
    });
    const reader = new LogReader(api, 1000, 5);
    reader.start();
    await vi.waitFor(() => expect(reader.current).toMatchObject({ status: 'idle', error: 'no such route' }));
    await new Promise((r) => setTimeout(r, 30));
    expect(asked).toBe(1);
  });
});
