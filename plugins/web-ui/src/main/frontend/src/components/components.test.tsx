import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Api, type Added } from '../api';
import { torrent } from '../testing';
import { AddDialog } from './AddDialog';
import { DeleteDialog } from './DeleteDialog';
import { Details } from './Details';
import { LimitsEditor } from './LimitsEditor';
import { SpeedGraph } from './SpeedGraph';
import { speed } from '../format';
import { TorrentTable, type ListProps } from './TorrentList';

// The real formatting, counted: a row that is drawn formats its two speeds.
vi.mock('../format', async (actual) => {
  const format = await actual<typeof import('../format')>();
  return { ...format, speed: vi.fn(format.speed) };
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

/** The control named `label`: by aria-label, or by a label element around it or pointing at it. */
const byLabel = <T extends HTMLElement>(label: string) => {
  const named = host.querySelector<T>(`[aria-label="${label}"]`);
  const tag = [...host.querySelectorAll('label')].find((l) => l.textContent?.trim() === label);
  const el = named ?? (tag?.htmlFor ? document.getElementById(tag.htmlFor) : tag?.querySelector('input'));
  if (!el) throw new Error(`nothing named ${label}`);
  return el as T;
};
const button = (name: string) => {
  const b = [...host.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent?.trim()) === name);
  if (!b) throw new Error(`no button ${name}`);
  return b;
};
const flush = () => act(async () => {
  await new Promise((r) => setTimeout(r, 0));
});

describe('the add dialog', () => {
  const listed: Added = {
    id: null,
    added: false,
    output_folder: '/srv/downloads',
    details: {
      ...torrent(0, 'album'),
      files: [
        { name: 'album/a.flac', components: ['album', 'a.flac'], length: 2048, included: true, padding: false },
        { name: 'album/b.flac', components: ['album', 'b.flac'], length: 4096, included: true, padding: false },
      ],
    },
  };

  it('lists the files first, then adds only those still chosen, in the folder typed', async () => {
    const asked: string[] = [];
    const api = new Api('http://h/', async (input, init) => {
      asked.push(`${init?.method} ${String(input)} ${init?.body}`);
      return new Response(JSON.stringify({ ...listed, id: String(input).includes('list_only') ? null : 7, added: true }));
    });
    const added = vi.fn();
    act(() => root.render(<AddDialog api={api} onClose={() => undefined} onAdded={added} />));
    const link = byLabel<HTMLInputElement>('Magnet link or URL');
    act(() => {
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      set.call(link, 'magnet:?xt=urn:btih:abc');
      link.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => button('Show files').click());
    await flush();
    expect(asked).toEqual(['POST http://h/torrents?list_only=true magnet:?xt=urn:btih:abc']);
    expect(host.textContent).toContain('2 of 2 files');

    act(() => byLabel<HTMLInputElement>('Download b.flac').click());
    expect(host.textContent).toContain('1 of 2 files');
    const folder = byLabel<HTMLInputElement>('Output folder');
    expect(folder.value).toBe('/srv/downloads');
    act(() => {
      const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      set.call(folder, '/srv/downloads/music');
      folder.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => button('Add').click());
    await flush();
    expect(asked[1]).toBe(
      'POST http://h/torrents?only_files=0&output_folder=%2Fsrv%2Fdownloads%2Fmusic magnet:?xt=urn:btih:abc',
    );
    expect(added).toHaveBeenCalledWith(expect.objectContaining({ id: 7 }));
  });

  it('says in words why the server refused', async () => {
    const api = new Api('http://h/', async () =>
      new Response(JSON.stringify({ error_kind: 'bad_torrent', human_readable: 'not a magnet link, URL or .torrent file' }), {
        status: 400,
      }),
    );
    act(() => root.render(<AddDialog api={api} onClose={() => undefined} onAdded={() => undefined} />));
    const link = byLabel<HTMLInputElement>('Magnet link or URL');
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(link, 'nonsense');
      link.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => button('Add').click());
    await flush();
    expect(host.querySelector('[role=alert]')?.textContent).toBe('not a magnet link, URL or .torrent file');
  });
});

describe('the torrent table', () => {
  const props = (over: Partial<ListProps> = {}): ListProps => ({
    torrents: [torrent(1, 'Debian netinst'), torrent(2, 'Big Buck Bunny', 'paused')],
    selected: new Set(),
    opened: null,
    sort: { key: 'added', descending: false },
    onSort: vi.fn(),
    onSelectAll: vi.fn(),
    actions: { select: vi.fn(), open: vi.fn(), pause: vi.fn(), resume: vi.fn(), remove: vi.fn() },
    scroller: { current: null },
    ...over,
  });

  it('names each row after its torrent, with Pause or Resume and Delete in it', () => {
    const p = props();
    act(() => root.render(<TorrentTable {...p} />));
    const rows = [...host.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['Debian netinst', 'Big Buck Bunny']);
    const names = (r: Element) => [...r.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'));
    expect(names(rows[0])).toEqual(['Pause', 'Delete']);
    expect(names(rows[1])).toEqual(['Resume', 'Delete']);
    act(() => (rows[1].querySelector('[aria-label=Resume]') as HTMLButtonElement).click());
    expect(p.actions.resume).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
    expect(p.actions.open).not.toHaveBeenCalled();
    act(() => (rows[0].querySelector('.name') as HTMLElement).click());
    expect(p.actions.open).toHaveBeenCalledWith(1);
    expect(rows[0].querySelector('[role=progressbar]')?.getAttribute('aria-valuenow')).toBe('25');
  });

  it('draws again only the row whose torrent changed', () => {
    const p = props({ torrents: [torrent(1, 'a'), torrent(2, 'b'), torrent(3, 'c')] });
    act(() => root.render(<TorrentTable {...p} />));
    vi.mocked(speed).mockClear();
    const [a, b, c] = p.torrents;
    const faster = { ...b, stats: { ...b.stats!, download_speed: { bytes_per_second: 2048, human_readable: '2 KiB/s' } } };
    act(() => root.render(<TorrentTable {...p} torrents={[a, faster, c]} />));
    expect(vi.mocked(speed).mock.calls).toEqual([[2048], [0]]);
    expect(host.querySelectorAll('tbody tr')[1].textContent).toContain('2.00 KiB/s');
  });

  it('draws only the rows in view of a thousand', () => {
    const many = Array.from({ length: 1000 }, (_, i) => torrent(i + 1, `t${i}`));
    act(() => root.render(<TorrentTable {...props({ torrents: many })} />));
    const drawn = host.querySelectorAll('tbody tr:not(.spacer)').length;
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(60);
  });
});

describe('the delete dialog', () => {
  it('keeps the files unless asked to delete them too', () => {
    const confirm = vi.fn();
    act(() => root.render(<DeleteDialog torrents={[torrent(1, 'x')]} onCancel={() => undefined} onConfirm={confirm} />));
    act(() => button('Delete').click());
    expect(confirm).toHaveBeenLastCalledWith(false);
    act(() => byLabel<HTMLInputElement>('Also delete files').click());
    act(() => button('Delete').click());
    expect(confirm).toHaveBeenLastCalledWith(true);
  });
});

describe('the details', () => {
  it('changes the choice of files at once when a box in the Files tab is clicked', async () => {
    const posted: string[] = [];
    const details = {
      ...torrent(3, 'album'),
      files: [
        { name: 'album/a.flac', components: ['album', 'a.flac'], length: 1000, included: true, padding: false },
        { name: 'album/b.flac', components: ['album', 'b.flac'], length: 1000, included: true, padding: false },
      ],
    };
    const api = new Api('http://h/', async (input, init) => {
      const url = String(input);
      if (init?.method === 'POST') {
        posted.push(`${url} ${init.body}`);
        return new Response('{}');
      }
      if (url.endsWith('/haves')) return new Response(new Uint8Array([0xc0]));
      return new Response(JSON.stringify(details));
    });
    act(() =>
      root.render(
        <Details api={api} torrent={torrent(3, 'album')} speeds={[]} onChanged={() => undefined} onClose={() => undefined} onError={() => undefined}
          onPause={() => undefined} onResume={() => undefined} onDelete={() => undefined} />,
      ),
    );
    const tabs = [...host.querySelectorAll('[role=tab]')].map((t) => t.textContent);
    expect(tabs).toEqual(['Overview', 'Files', 'Peers', 'Trackers', 'Limits']);
    act(() => button('Files').click());
    await flush();
    act(() => byLabel<HTMLInputElement>('Download b.flac').click());
    await flush();
    expect(posted).toEqual(['http://h/torrents/3/update_only_files {"only_files":[0]}']);
    expect(byLabel<HTMLInputElement>('Download b.flac').checked).toBe(false);
  });

  it('lists the peers, fastest first, each with its client and totals under the address and rates', async () => {
    const peer = (address: string, client: string, encrypted: boolean, down: number, received: number) => ({
      address, client, encrypted, direction: 'outgoing' as const, state: 'unchoked', seed: true,
      downloaded_bytes: received, uploaded_bytes: 0,
      download_speed: { bytes_per_second: down, human_readable: '' }, upload_speed: { bytes_per_second: 0, human_readable: '' },
    });
    const peers = [peer('10.0.0.2:51413', 'Transmission 4.0.6', false, 2048, 1 << 20), peer('192.0.2.7:6881', 'libtorrent/2.0.8.0', true, 375808, 3 << 20)];
    const api = new Api('http://h/', async (input) =>
      new Response(JSON.stringify(String(input).endsWith('/peer_stats') ? { peers } : { ...torrent(3, 'album'), files: [] })),
    );
    act(() =>
      root.render(
        <Details api={api} torrent={torrent(3, 'album')} speeds={[]} onChanged={() => undefined} onClose={() => undefined} onError={() => undefined}
          onPause={() => undefined} onResume={() => undefined} onDelete={() => undefined} />,
      ),
    );
    act(() => button('Peers').click());
    await flush();
    const rows = () => [...host.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent?.trim()));
    expect(rows()).toEqual([
      ['192.0.2.7:6881libtorrent/2.0.8.0', '367 KiB/s3.00 MiB', '–0 B', 'encryptedoutgoingseedunchoked'],
      ['10.0.0.2:51413Transmission 4.0.6', '2.00 KiB/s1.00 MiB', '–0 B', 'outgoingseedunchoked'],
    ]);
    act(() => button('Peer').click());
    expect(rows().map((r) => r[0])).toEqual(['10.0.0.2:51413Transmission 4.0.6', '192.0.2.7:6881libtorrent/2.0.8.0']);
  });

  it('draws the speeds it is given, newest at the right, scaled to the highest', () => {
    const samples = [0, 1, 2].map((i) => ({ at: i * 1000, down: [0, 5000, 10000][i], up: 1000 }));
    act(() => root.render(<SpeedGraph samples={samples} label="Speeds of album" />));
    const graph = host.querySelector('[role=img]')!;
    expect(graph.getAttribute('aria-label')).toBe('Speeds of album: down 9.77 KiB/s, up 1000 B/s');
    const down = host.querySelector('path.down')!.getAttribute('d');
    // Three samples, over the least span of a minute, end at the right edge (x 300); the highest is
    // drawn a tenth below the top.
    expect(down).toBe('M290 100.0L295 54.5L300 9.1');
  });
});

describe('the limits', () => {
  it('shows the limits the server has and saves the ones typed, in its units', async () => {
    const asked: string[] = [];
    const api = new Api('http://h/', async (input, init) => {
      asked.push(`${init?.method ?? 'GET'} ${String(input)}${init?.body ? ` ${init.body}` : ''}`);
      return new Response(JSON.stringify({ download_bps: null, upload_bps: 102400, seed_ratio: null, seed_time_secs: null }));
    });
    act(() => root.render(<LimitsEditor api={api} id={4} />));
    await flush();
    expect(byLabel<HTMLInputElement>('Upload limit').value).toBe('100');
    act(() => {
      const field = byLabel<HTMLInputElement>('Download limit');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(field, '256');
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => button('Save limits').click());
    await flush();
    expect(asked).toEqual([
      'GET http://h/torrents/4/limits',
      'POST http://h/torrents/4/limits {"download_bps":262144,"upload_bps":102400,"seed_ratio":null,"seed_time_secs":null}',
    ]);
    expect(host.querySelector('[role=status]')?.textContent).toBe('Saved');
  });
});
