import { Api } from './api';
import { Live, type EventStream } from './live';
import { session, stats, torrent } from './testing';

/** A server in memory: answers the routes the live layer uses, or nothing while it is down. */
class FakeServer {
  up = true;
  events = false;
  torrents = [torrent(1, 'one')];
  asked: string[] = [];

  fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(String(input));
    this.asked.push(url.pathname);
    if (!this.up) throw new TypeError('Failed to fetch');
    const json = (v: unknown) => new Response(JSON.stringify(v), { status: 200, headers: { 'Content-Type': 'application/json' } });
    switch (url.pathname) {
      case '/mim/':
        return json({ server: 'mim', version: 'test', apis: this.events ? { 'GET /events': 'events' } : {} });
      case '/mim/torrents':
        return json({ torrents: this.torrents });
      case '/mim/stats':
        return json(session({ torrents: this.torrents.length }));
      default:
        return new Response(JSON.stringify({ error_kind: 'not_found', human_readable: `no route ${url.pathname}` }), { status: 404 });
    }
  };
}

class FakeStream implements EventStream {
  onopen: ((e: Event) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  listeners = new Map<string, (e: MessageEvent) => void>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (e: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
  }
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) {
    await vi.advanceTimersByTimeAsync(50);
  }
  expect(condition()).toBe(true);
}

describe('the live view', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('finds the API one level above the page, behind a proxy too', () => {
    expect(Api.ofPage('https://example.org/apps/mim/web/').base).toBe('https://example.org/apps/mim/');
    expect(Api.ofPage('http://127.0.0.1:3030/web/index.html').base).toBe('http://127.0.0.1:3030/');
  });

  it('polls a server without an event stream, says when it is unreachable and recovers by itself', async () => {
    const server = new FakeServer();
    const live = new Live(new Api('http://h/mim/', server.fetch), { openStream: (u) => new FakeStream(u), pollMillis: 1000 });
    live.start();
    await until(() => live.current.connection === 'polling' && live.current.torrents?.length === 1);

    server.up = false;
    await until(() => live.current.connection === 'unreachable');
    expect(live.current.torrents?.length).toBe(1);

    server.torrents = [torrent(1, 'one'), torrent(2, 'two')];
    server.up = true;
    await until(() => live.current.connection === 'polling' && live.current.torrents?.length === 2);
    live.stop();
  });

  it('keeps the list by the events of the stream, reads it afresh when events were lost, and polls when the stream drops', async () => {
    const server = new FakeServer();
    server.events = true;
    const streams: FakeStream[] = [];
    const live = new Live(new Api('http://h/mim/', server.fetch), {
      openStream: (u) => {
        streams.push(new FakeStream(u));
        return streams[streams.length - 1];
      },
      pollMillis: 1000,
      retryStreamMillis: 10_000,
    });
    live.start();
    await until(() => streams.length === 1);
    expect(streams[0].url).toBe('http://h/mim/events');
    streams[0].onopen!(new Event('open'));
    await until(() => live.current.connection === 'events' && live.current.torrents?.length === 1);

    // Nothing is asked while nothing happens, nor when something does: the events carry the news.
    const before = server.asked.length;
    await vi.advanceTimersByTimeAsync(5000);
    const send = (type: string, data: unknown) => streams[0].listeners.get(type)!(new MessageEvent(type, { data: JSON.stringify(data) }));
    const two = { ...torrent(2, 'two'), stats: undefined };
    send('torrent_added', two);
    expect(live.current.torrents?.map((t) => t.name)).toEqual(['one', 'two']);
    send('stats', {
      session: session({ peers: 3, download_speed: { bytes_per_second: 4000, human_readable: '' } }),
      torrents: { 2: stats({ progress_bytes: 600, download_speed: { bytes_per_second: 4000, human_readable: '' } }) },
    });
    expect(live.current.torrents?.[1].stats?.progress_bytes).toBe(600);
    expect(live.current.torrents?.[0].stats?.progress_bytes).toBe(250);
    expect(live.current.session?.peers).toBe(3);
    expect(live.current.speeds.of('session').map((s) => s.down)).toEqual([4000]);
    expect(live.current.speeds.of('2').map((s) => s.down)).toEqual([4000]);
    send('torrent_state', { id: 2, info_hash: two.info_hash, from: 'downloading', to: 'paused' });
    expect(live.current.torrents?.[1].state).toBe('paused');
    expect(live.current.torrents?.[1].stats?.state).toBe('paused');
    send('torrent_removed', { id: 1, info_hash: torrent(1, 'one').info_hash });
    expect(live.current.torrents?.map((t) => t.name)).toEqual(['two']);
    expect(server.asked.length).toBe(before);

    // Events were dropped: only the list can say what they were.
    server.torrents = [torrent(3, 'three')];
    send('events_lost', { lost: 12 });
    await until(() => live.current.torrents?.[0].name === 'three');

    streams[0].onerror!(new Event('error'));
    expect(streams[0].closed).toBe(true);
    server.torrents = [torrent(2, 'two')];
    await until(() => live.current.connection === 'polling' && live.current.torrents?.[0].name === 'two');

    // The stream is tried again later, and the list read afresh once it opens.
    await until(() => streams.length === 2);
    server.torrents = [torrent(4, 'four')];
    streams[1].onopen!(new Event('open'));
    await until(() => live.current.connection === 'events' && live.current.torrents?.[0].name === 'four');
    live.stop();
  });

  it('shows an error of the API in its words', async () => {
    const api = new Api('http://h/mim/', async () =>
      new Response(JSON.stringify({ error_kind: 'unauthorized', human_readable: 'this server needs a user name and password (HTTP Basic)' }), {
        status: 401,
      }),
    );
    const live = new Live(api, { openStream: null });
    live.start();
    await until(() => live.current.error !== null);
    expect(live.current.error).toBe('this server needs a user name and password (HTTP Basic)');
    live.stop();
  });
});
