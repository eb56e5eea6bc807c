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
    const reader = new LogReader(new Api('http://h/', async () => new Response(body)));
    reader.start();
    await vi.waitFor(() => expect(reader.current.reading).toBe(false));
    expect(reader.current.records.map((r) => r.message)).toEqual(['line 1', 'line 2']);
    expect(reader.current.error).toBeNull();
  });
});
