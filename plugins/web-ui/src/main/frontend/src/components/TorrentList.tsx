// The torrents: a table on wide screens, cards on narrow ones. Only the rows in view are in the
// page (plus a few either side), so a thousand torrents scroll as smoothly as ten.
import { memo, useEffect, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { Torrent } from '../api';
import { bytes, duration, percent, ratio, speed } from '../format';
import { isActive, progressOf, ratioOf, sizeOf, stateOf, STATE_LABELS, type Sort, type SortKey } from '../torrents';
import { Icon } from './Icons';
import { ProgressBar } from './ProgressBar';

/**
 * What a row asks of the page. The list expects the same object on every render (the page makes it
 * once), so a row is drawn again only when its torrent, its choice or its opening changed.
 */
export interface RowActions {
  /** `extend`: a shift-click, which takes in the rows from the last one chosen. */
  select(id: number, on: boolean, extend: boolean): void;
  open(id: number): void;
  pause(t: Torrent): void;
  resume(t: Torrent): void;
  remove(t: Torrent): void;
}

export interface ListProps {
  torrents: Torrent[];
  selected: ReadonlySet<number>;
  opened: number | null;
  sort: Sort;
  onSort(key: SortKey): void;
  onSelectAll(on: boolean): void;
  actions: RowActions;
  scroller: RefObject<HTMLDivElement | null>;
}

const OVERSCAN = 4;

/**
 * The rows of `count`, each `height` pixels high, that the scroller shows now (with a few either
 * side). It changes only when a row comes into view or leaves it, not on every scrolled pixel, and
 * the rows are drawn in the scroll's own frame, so a fast scroll never shows an empty stretch.
 */
export function useVisibleRange(scroller: RefObject<HTMLElement | null>, count: number, height: number, offset = 0) {
  const [rows, setRows] = useState({ first: 0, span: Math.ceil(800 / height) + 2 * OVERSCAN });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      const first = Math.max(0, Math.floor((el.scrollTop - offset) / height) - OVERSCAN);
      const span = Math.ceil((el.clientHeight || 800) / height) + 2 * OVERSCAN + 1;
      setRows((w) => (w.first === first && w.span === span ? w : { first, span }));
    };
    const scrolled = () => flushSync(measure);
    measure();
    el.addEventListener('scroll', scrolled, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', scrolled);
      resize.disconnect();
    };
  }, [scroller, height, offset]);
  const last = Math.min(count, rows.first + rows.span);
  const first = Math.min(rows.first, last);
  return { first, last, before: first * height, after: (count - last) * height };
}

function tone(t: Torrent): string {
  const state = stateOf(t);
  if (state === 'error') return 'error';
  if (state === 'paused' || state === 'stopped') return 'paused';
  if (state === 'seeding' || t.stats?.finished) return 'done';
  return 'active';
}

interface RowProps {
  t: Torrent;
  selected: boolean;
  actions: RowActions;
}

/** Opens the details on a click, unless the click was on a control of the row; Enter opens, Space chooses. */
function rowEvents({ t, selected, actions }: RowProps) {
  return {
    onClick: (e: MouseEvent) => {
      if ((e.target as HTMLElement).closest('button, input, label, a')) return;
      actions.open(t.id);
    },
    onKeyDown: (e: KeyboardEvent) => {
      if (e.target !== e.currentTarget) return;
      if (e.key === 'Enter') actions.open(t.id);
      if (e.key === ' ') {
        e.preventDefault();
        actions.select(t.id, !selected, false);
      }
    },
  };
}

function Actions({ t, actions }: RowProps) {
  return (
    <div className="row-actions">
      {isActive(t) ? (
        <button type="button" className="icon-button" aria-label="Pause" title="Pause" onClick={() => actions.pause(t)}>
          <Icon name="pause" />
        </button>
      ) : (
        <button type="button" className="icon-button" aria-label="Resume" title="Resume" onClick={() => actions.resume(t)}>
          <Icon name="play" />
        </button>
      )}
      <button type="button" className="icon-button danger" aria-label="Delete" title="Delete…" onClick={() => actions.remove(t)}>
        <Icon name="trash" />
      </button>
    </div>
  );
}

function SelectBox({ t, selected, actions }: RowProps) {
  return (
    <input
      type="checkbox"
      aria-label={`Select ${t.name}`}
      checked={selected}
      onChange={(e) => actions.select(t.id, e.target.checked, (e.nativeEvent as PointerEvent).shiftKey === true)}
      onClick={(e) => e.stopPropagation()}
    />
  );
}

function StateText({ t }: { t: Torrent }) {
  const error = t.stats?.error;
  return (
    <span className={`state state-${tone(t)}`} title={error ?? undefined}>
      {STATE_LABELS[stateOf(t)]}
    </span>
  );
}

function Labels({ t }: { t: Torrent }) {
  if (!t.labels?.length) return null;
  return (
    <span className="labels" aria-label={`Labels: ${t.labels.join(', ')}`}>
      {t.labels.map((l) => (
        <span key={l} className="label">
          {l}
        </span>
      ))}
    </span>
  );
}

// Columns marked optional give way to the name when the table is narrow (or the details are open).
const COLUMNS: { key: SortKey; label: string; className: string }[] = [
  { key: 'name', label: 'Name', className: 'col-name' },
  { key: 'size', label: 'Size', className: 'num col-size' },
  { key: 'progress', label: 'Progress', className: 'col-progress' },
  { key: 'state', label: 'State', className: 'col-state' },
  { key: 'down', label: 'Down', className: 'num col-speed' },
  { key: 'up', label: 'Up', className: 'num col-speed optional' },
  { key: 'peers', label: 'Peers', className: 'num col-peers' },
  { key: 'eta', label: 'ETA', className: 'num col-eta optional' },
  { key: 'ratio', label: 'Ratio', className: 'num col-ratio optional' },
];

const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 36;

export function TorrentTable({ torrents, selected, opened, sort, onSort, onSelectAll, actions, scroller }: ListProps) {
  const range = useVisibleRange(scroller, torrents.length, ROW_HEIGHT, HEADER_HEIGHT);
  const allChosen = torrents.length > 0 && torrents.every((t) => selected.has(t.id));
  return (
    <table className="torrent-table" aria-label="Torrents" aria-rowcount={torrents.length + 1}>
      <thead>
        <tr>
          <th className="col-select">
            <input type="checkbox" aria-label="Select all" checked={allChosen} onChange={(e) => onSelectAll(e.target.checked)} />
          </th>
          {COLUMNS.map((c) => (
            <th
              key={c.key}
              className={c.className}
              aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
            >
              <button type="button" className="sort" onClick={() => onSort(c.key)}>
                {c.label}
                <span className="sort-mark" aria-hidden="true">
                  {sort.key === c.key ? (sort.descending ? '▼' : '▲') : ''}
                </span>
              </button>
            </th>
          ))}
          <th className="col-actions">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {range.before > 0 && <tr className="spacer" style={{ height: range.before }} aria-hidden="true" />}
        {torrents.slice(range.first, range.last).map((t, i) => (
          <TableRow
            key={t.id}
            t={t}
            index={range.first + i}
            selected={selected.has(t.id)}
            opened={opened === t.id}
            actions={actions}
          />
        ))}
        {range.after > 0 && <tr className="spacer" style={{ height: range.after }} aria-hidden="true" />}
      </tbody>
    </table>
  );
}

const TableRow = memo(function TableRow(props: RowProps & { index: number; opened: boolean }) {
  const { t, index, selected, opened } = props;
  const s = t.stats;
  const progress = progressOf(t);
  const size = sizeOf(t);
  return (
    <tr
      aria-label={t.name}
      aria-rowindex={index + 2}
      className={`${selected ? 'selected' : ''} ${opened ? 'opened' : ''}`}
      tabIndex={0}
      {...rowEvents(props)}
    >
      <td className="col-select">
        <SelectBox {...props} />
      </td>
      <td className="col-name">
        <span className="name" title={t.name}>
          {t.name}
        </span>
        <Labels t={t} />
        {s?.error && <span className="row-error">{s.error}</span>}
      </td>
      <td className="num col-size">{size > 0 ? bytes(size) : '–'}</td>
      <td className="col-progress">
        <ProgressBar value={progress} label={`Progress of ${t.name}`} tone={tone(t)} />
        <span className="progress-text">{percent(progress)}</span>
      </td>
      <td className="col-state">
        <StateText t={t} />
      </td>
      <td className="num col-speed">{speed(s?.download_speed.bytes_per_second ?? 0)}</td>
      <td className="num col-speed optional">{speed(s?.upload_speed.bytes_per_second ?? 0)}</td>
      <td className="num col-peers">{s?.peers ?? 0}</td>
      <td className="num col-eta optional">{duration(s?.eta_seconds)}</td>
      <td className="num col-ratio optional">{ratio(ratioOf(t))}</td>
      <td className="col-actions">
        <Actions {...props} />
      </td>
    </tr>
  );
});

const CARD_HEIGHT = 100;

export function TorrentCards({ torrents, selected, actions, scroller }: ListProps) {
  const range = useVisibleRange(scroller, torrents.length, CARD_HEIGHT);
  return (
    <ul className="torrent-cards" aria-label="Torrents" style={{ paddingTop: range.before, paddingBottom: range.after }}>
      {torrents.slice(range.first, range.last).map((t) => (
        <Card key={t.id} t={t} selected={selected.has(t.id)} actions={actions} />
      ))}
    </ul>
  );
}

const Card = memo(function Card(props: RowProps) {
  const { t, selected } = props;
  const s = t.stats;
  const progress = progressOf(t);
  const size = sizeOf(t);
  const down = s?.download_speed.bytes_per_second ?? 0;
  const up = s?.upload_speed.bytes_per_second ?? 0;
  return (
    <li aria-label={t.name} className={`card ${selected ? 'selected' : ''}`} tabIndex={0} {...rowEvents(props)}>
      <div className="card-top">
        <SelectBox {...props} />
        <span className="name" title={t.name}>
          {t.name}
        </span>
        <Labels t={t} />
        <Actions {...props} />
      </div>
      <div className="card-progress">
        <ProgressBar value={progress} label={`Progress of ${t.name}`} tone={tone(t)} />
        <span className="progress-text">{percent(progress)}</span>
      </div>
      <div className="card-meta">
        <StateText t={t} />
        <span>{size > 0 ? `${bytes(size * progress)} of ${bytes(size)}` : 'size unknown'}</span>
        {down > 0 && (
          <span>
            <Icon name="down" size={12} /> {speed(down)}
          </span>
        )}
        {up > 0 && (
          <span>
            <Icon name="up" size={12} /> {speed(up)}
          </span>
        )}
        <span>{s?.peers ?? 0} peers</span>
        {s?.eta_seconds != null && <span>ETA {duration(s.eta_seconds)}</span>}
        <span>ratio {ratio(ratioOf(t))}</span>
      </div>
    </li>
  );
});
