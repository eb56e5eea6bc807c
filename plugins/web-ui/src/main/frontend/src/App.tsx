import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { describe, type Added, type Api, type Torrent } from './api';
import { AddDialog } from './components/AddDialog';
import { DeleteDialog } from './components/DeleteDialog';
import { Details } from './components/Details';
import { Footer } from './components/Footer';
import { Icon } from './components/Icons';
import { LogsDialog } from './components/LogsDialog';
import { SettingsDialog } from './components/SettingsDialog';
import { TorrentCards, TorrentTable, type ListProps, type RowActions } from './components/TorrentList';
import { useLive, useMedia, useTheme } from './hooks';
import type { Live } from './live';
import { LogReader } from './logs';
import { countByFilter, FILTERS, visibleTorrents, type Filter, type Sort, type SortKey } from './torrents';

const SORT_LABELS: Record<SortKey, string> = {
  name: 'Name',
  size: 'Size',
  progress: 'Progress',
  state: 'State',
  down: 'Down speed',
  up: 'Up speed',
  peers: 'Peers',
  eta: 'Time left',
  ratio: 'Ratio',
  added: 'Date added',
};

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function App({ api, live }: { api: Api; live: Live }) {
  const snapshot = useLive(live);
  const [theme, setTheme] = useTheme();
  const narrow = useMedia('(max-width: 760px)');
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'added', descending: false });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [opened, setOpened] = useState<number | null>(null);
  const [adding, setAdding] = useState<{ file: File | null } | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [logsOpen, setLogsOpen] = useState(false);
  // Read from the first opening of the logs view on, so that it shows what happened meanwhile.
  const logs = useMemo(() => new LogReader(api), [api]);
  useEffect(() => () => logs.stop(), [logs]);
  const [deleting, setDeleting] = useState<Torrent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const lastChosen = useRef<number | null>(null);

  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);

  const all = useMemo(() => snapshot.torrents ?? [], [snapshot.torrents]);
  const visible = useMemo(() => visibleTorrents(all, filter, search, sort), [all, filter, search, sort]);
  const counts = useMemo(() => countByFilter(all), [all]);
  const byId = useMemo(() => new Map(all.map((t) => [t.id, t])), [all]);
  const chosen = useMemo(() => [...selected].flatMap((id) => byId.get(id) ?? []), [selected, byId]);
  const openedTorrent = opened === null ? undefined : byId.get(opened);

  const act = useCallback(
    async (torrents: Torrent[], action: 'pause' | 'start' | 'forget' | 'delete') => {
      const results = await Promise.allSettled(torrents.map((t) => api.act(t.id, action)));
      const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`${torrents[i].name}: ${describe(r.reason)}`] : []));
      setError(failed.length ? failed.join('; ') : null);
      await live.refresh();
    },
    [api, live],
  );

  // Made once, so that the rows of the list are drawn again only when their torrent changed; a
  // shift-click reads the list as it is at the time of the click.
  const shown = useRef(visible);
  shown.current = visible;
  const actions = useMemo<RowActions>(
    () => ({
      select(id, on, extend) {
        setSelected((previous) => {
          const next = new Set(previous);
          const list = shown.current;
          const from = list.findIndex((t) => t.id === lastChosen.current);
          const to = list.findIndex((t) => t.id === id);
          const ids = extend && from >= 0 && to >= 0 ? list.slice(Math.min(from, to), Math.max(from, to) + 1).map((t) => t.id) : [id];
          ids.forEach((i) => (on ? next.add(i) : next.delete(i)));
          return next;
        });
        lastChosen.current = id;
      },
      open: setOpened,
      pause: (t) => void act([t], 'pause'),
      resume: (t) => void act([t], 'start'),
      remove: (t) => setDeleting([t]),
    }),
    [act],
  );

  // Drop a .torrent file anywhere on the page to add it.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) setAdding({ file });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  // Keyboard: / search, n add, Delete delete the chosen, Ctrl+A choose all, Escape close or clear.
  const dialogOpen = adding !== null || deleting !== null || settingsOpen || logsOpen;
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (dialogOpen || typing(e.target) || e.altKey || e.metaKey) return;
      if (e.key === '/' && !e.ctrlKey) {
        e.preventDefault();
        searchBox.current?.focus();
      } else if (e.key === 'n' && !e.ctrlKey) {
        e.preventDefault();
        setAdding({ file: null });
      } else if (e.key === 'Delete' && chosen.length > 0) {
        setDeleting(chosen);
      } else if (e.key === 'a' && e.ctrlKey) {
        e.preventDefault();
        setSelected(new Set(visible.map((t) => t.id)));
      } else if (e.key === 'Escape') {
        if (opened !== null) setOpened(null);
        else setSelected(new Set());
      }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [dialogOpen, chosen, visible, opened]);

  const onSort = (key: SortKey) =>
    setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' && key !== 'state' && key !== 'eta' && key !== 'added' }));

  const listProps: ListProps = {
    torrents: visible,
    selected,
    opened,
    sort,
    onSort,
    onSelectAll: (on) => setSelected(on ? new Set(visible.map((t) => t.id)) : new Set()),
    actions,
    scroller,
  };

  const added = (a: Added) => {
    setAdding(null);
    setFilter('all');
    setError(a.added ? null : `${a.details.name} is already in the list.`);
    void live.refresh();
  };

  return (
    <div className={`app ${openedTorrent ? 'with-details' : ''}`}>
      <header className="topbar">
        <div className="brand" aria-hidden="true">
          <span className="logo">m</span>
          <span className="brand-name">mim</span>
        </div>
        <label className="search">
          <Icon name="search" size={15} />
          <input
            ref={searchBox}
            type="search"
            aria-label="Search torrents"
            placeholder="Search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <button type="button" className="button primary" aria-label="Add torrent" title="Add torrent (n)" onClick={() => setAdding({ file: null })}>
          <Icon name="plus" />
          <span className="button-label">Add torrent</span>
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Logs"
          title="The server's log"
          onClick={() => {
            logs.start();
            setLogsOpen(true);
          }}
        >
          <Icon name="logs" />
        </button>
        <button type="button" className="icon-button" aria-label="Settings" title="Settings: rate and seed limits" onClick={() => setSettingsOpen(true)}>
          <Icon name="sliders" />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={theme === 'dark' ? 'Switch to light mode' : 'Switch to dark mode'}
          title={theme === 'dark' ? 'Switch to light mode' : 'Switch to dark mode'}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
        </button>
      </header>

      <div className="toolbar">
        {/* First, so that on a phone it floats at the right of the chips' first line. */}
        {narrow && (
          <div className="sort-select">
            <select aria-label="Sort by" value={sort.key} onChange={(e) => onSort(e.target.value as SortKey)}>
              {(Object.keys(SORT_LABELS) as SortKey[]).map((k) => (
                <option key={k} value={k}>
                  {SORT_LABELS[k]}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="icon-button"
              aria-label={sort.descending ? 'Sort ascending' : 'Sort descending'}
              onClick={() => setSort((s) => ({ ...s, descending: !s.descending }))}
            >
              <Icon name={sort.descending ? 'down' : 'up'} />
            </button>
          </div>
        )}
        <div className="filters" role="group" aria-label="Show">
          {FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              className="chip"
              aria-pressed={filter === f.id}
              onClick={() => setFilter(f.id)}
            >
              {f.label}
              <span className="count">{counts[f.id]}</span>
            </button>
          ))}
        </div>
      </div>

      {selected.size > 0 && (
        <div className="bulkbar" role="region" aria-label="Chosen torrents">
          <span>{selected.size} selected</span>
          <button type="button" className="button small" onClick={() => void act(chosen, 'pause')}>
            <Icon name="pause" size={14} /> Pause selected
          </button>
          <button type="button" className="button small" onClick={() => void act(chosen, 'start')}>
            <Icon name="play" size={14} /> Resume selected
          </button>
          <button type="button" className="button small danger" onClick={() => setDeleting(chosen)}>
            <Icon name="trash" size={14} /> Delete selected
          </button>
          <button type="button" className="button small ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}

      {snapshot.connection === 'unreachable' && (
        <div className="banner banner-error" role="alert">
          The mim server at {new URL(api.base).host} cannot be reached. Retrying… (the page recovers by itself
          once it is back)
        </div>
      )}
      {(error ?? snapshot.error) && (
        <div className="banner banner-warn" role="alert">
          <span>{error ?? snapshot.error}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setError(null)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      )}

      <main className="content">
        <div className="list-scroll" ref={scroller}>
          {snapshot.torrents === null ? (
            <p className="empty">{snapshot.connection === 'unreachable' ? 'Waiting for the server…' : 'Loading…'}</p>
          ) : visible.length === 0 ? (
            <div className="empty">
              {all.length === 0 ? (
                <>
                  <p className="empty-title">No torrents yet</p>
                  <p>Add one with a magnet link, a URL or a .torrent file, or drop a .torrent file here.</p>
                </>
              ) : (
                <p>No torrent matches.</p>
              )}
            </div>
          ) : narrow ? (
            <TorrentCards {...listProps} />
          ) : (
            <TorrentTable {...listProps} />
          )}
        </div>
        {openedTorrent && (
          <Details
            key={openedTorrent.id}
            api={api}
            torrent={openedTorrent}
            speeds={snapshot.speeds.of(String(openedTorrent.id))}
            onChanged={() => void live.refresh()}
            onClose={() => setOpened(null)}
            onError={setError}
            onPause={actions.pause}
            onResume={actions.resume}
            onDelete={actions.remove}
          />
        )}
      </main>

      <Footer session={snapshot.session} connection={snapshot.connection} speeds={snapshot.speeds.of('session')} />

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop the .torrent file to add it
        </div>
      )}
      {logsOpen && <LogsDialog logs={logs} onClose={() => setLogsOpen(false)} />}
      {settingsOpen && <SettingsDialog api={api} onClose={() => setSettingsOpen(false)} />}
      {adding && <AddDialog api={api} initialFile={adding.file} onClose={() => setAdding(null)} onAdded={added} />}
      {deleting && (
        <DeleteDialog
          torrents={deleting}
          onCancel={() => setDeleting(null)}
          onConfirm={(withFiles) => {
            const gone = new Set(deleting.map((t) => t.id));
            setDeleting(null);
            setSelected((s) => new Set([...s].filter((id) => !gone.has(id))));
            if (opened !== null && gone.has(opened)) setOpened(null);
            void act(deleting, withFiles ? 'delete' : 'forget');
          }}
        />
      )}
    </div>
  );
}
