// The torrents: a table on wide screens, cards on narrow ones. Only the rows in view are in the
// page (plus a few either side), so a thousand torrents scroll as smoothly as ten.
import { useEffect, useState, type RefObject, type MouseEvent, type KeyboardEvent } from 'react';
import type { Torrent } from '../api';
import { bytes, duration, percent, ratio, speed } from '../format';
import { isActive, progressOf, ratioOf, sizeOf, stateOf, STATE_LABELS, type Sort, type SortKey } from '../torrents';
import { Icon } from './Icons';
import { ProgressBar } from './ProgressBar';

export interface ListProps {
  torrents: Torrent[];
  selected: ReadonlySet<number>;
  opened: number | null;
  sort: Sort;
  onSort(key: SortKey): void;
  /** `extend`: a shift-click, which takes in the rows from the last one chosen. */
  onSelect(id: number, on: boolean, extend: boolean): void;
  onSelectAll(on: boolean): void;
  onOpen(id: number): void;
  onPause(t: Torrent): void;
  onResume(t: Torrent): void;
  onDelete(t: Torrent): void;
  scroller: RefObject<HTMLDivElement | null>;
}

const OVERSCAN = 8;

/** The rows of `count`, each `height` pixels high, that the scroller shows now (with a few either side). */
export function useVisibleRange(scroller: RefObject<HTMLElement | null>, count: number, height: number, offset = 0) {
  const [view, setView] = useState({ top: 0, height: 800 });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight || 800 });
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [scroller]);
  const first = Math.max(0, Math.floor((view.top - offset) / height) - OVERSCAN);
  const last = Math.min(count, Math.ceil((view.top - offset + view.height) / height) + OVERSCAN);
  return { first, last, before: first * height, after: (count - last) * height };
}

function tone(t: Torrent): string {
  const state = stateOf(t);
  if (state === 'error') return 'error';
  if (state === 'paused' || state === 'stopped') return 'paused';
  if (state === 'seeding' || t.stats?.finished) return 'done';
  return 'active';
}

/** Opens the details unless the click was on a control of the row. */
function rowClick(props: ListProps, t: Torrent) {
  return (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest('button, input, label, a')) return;
    props.onOpen(t.id);
  };
}

function rowKey(props: ListProps, t: Torrent) {
  return (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter') props.onOpen(t.id);
    if (e.key === ' ') {
      e.preventDefault();
      props.onSelect(t.id, !props.selected.has(t.id), false);
    }
  };
}

function Actions({ t, props }: { t: Torrent; props: ListProps }) {
  return (
    <div className="row-actions">
      {isActive(t) ? (
        <button type="button" className="icon-button" aria-label="Pause" title="Pause" onClick={() => props.onPause(t)}>
          <Icon name="pause" />
        </button>
      ) : (
        <button type="button" className="icon-button" aria-label="Resume" title="Resume" onClick={() => props.onResume(t)}>
          <Icon name="play" />
        </button>
      )}
      <button type="button" className="icon-button danger" aria-label="Delete" title="Delete…" onClick={() => props.onDelete(t)}>
        <Icon name="trash" />
      </button>
    </div>
  );
}

function SelectBox({ t, props }: { t: Torrent; props: ListProps }) {
  return (
    <input
      type="checkbox"
      aria-label={`Select ${t.name}`}
      checked={props.selected.has(t.id)}
      onChange={(e) => props.onSelect(t.id, e.target.checked, (e.nativeEvent as PointerEvent).shiftKey === true)}
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

export function TorrentTable(props: ListProps) {
  const { torrents, selected, sort } = props;
  const range = useVisibleRange(props.scroller, torrents.length, ROW_HEIGHT, HEADER_HEIGHT);
  const allChosen = torrents.length > 0 && torrents.every((t) => selected.has(t.id));
  return (
    <table className="torrent-table" aria-label="Torrents" aria-rowcount={torrents.length + 1}>
      <thead>
        <tr>
          <th className="col-select">
            <input
              type="checkbox"
              aria-label="Select all"
              checked={allChosen}
              onChange={(e) => props.onSelectAll(e.target.checked)}
            />
          </th>
          {COLUMNS.map((c) => (
            <th
              key={c.key}
              className={c.className}
              aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
            >
              <button type="button" className="sort" onClick={() => props.onSort(c.key)}>
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
        {torrents.slice(range.first, range.last).map((t, i) => {
          const s = t.stats;
          const progress = progressOf(t);
          return (
            <tr
              key={t.id}
              aria-label={t.name}
              aria-rowindex={range.first + i + 2}
              className={`${selected.has(t.id) ? 'selected' : ''} ${props.opened === t.id ? 'opened' : ''}`}
              tabIndex={0}
              onClick={rowClick(props, t)}
              onKeyDown={rowKey(props, t)}
            >
              <td className="col-select">
                <SelectBox t={t} props={props} />
              </td>
              <td className="col-name">
                <span className="name" title={t.name}>
                  {t.name}
                </span>
                <Labels t={t} />
                {s?.error && <span className="row-error">{s.error}</span>}
              </td>
              <td className="num col-size">{sizeOf(t) > 0 ? bytes(sizeOf(t)) : '–'}</td>
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
                <Actions t={t} props={props} />
              </td>
            </tr>
          );
        })}
        {range.after > 0 && <tr className="spacer" style={{ height: range.after }} aria-hidden="true" />}
      </tbody>
    </table>
  );
}

const CARD_HEIGHT = 100;

export function TorrentCards(props: ListProps) {
  const { torrents, selected } = props;
  const range = useVisibleRange(props.scroller, torrents.length, CARD_HEIGHT);
  return (
    <ul className="torrent-cards" aria-label="Torrents" style={{ paddingTop: range.before, paddingBottom: range.after }}>
      {torrents.slice(range.first, range.last).map((t) => {
        const s = t.stats;
        const progress = progressOf(t);
        const size = sizeOf(t);
        return (
          <li
            key={t.id}
            aria-label={t.name}
            className={`card ${selected.has(t.id) ? 'selected' : ''}`}
            tabIndex={0}
            onClick={rowClick(props, t)}
            onKeyDown={rowKey(props, t)}
          >
            <div className="card-top">
              <SelectBox t={t} props={props} />
              <span className="name" title={t.name}>
                {t.name}
              </span>
              <Labels t={t} />
              <Actions t={t} props={props} />
            </div>
            <div className="card-progress">
              <ProgressBar value={progress} label={`Progress of ${t.name}`} tone={tone(t)} />
              <span className="progress-text">{percent(progress)}</span>
            </div>
            <div className="card-meta">
              <StateText t={t} />
              <span>{size > 0 ? `${bytes(size * progress)} of ${bytes(size)}` : 'size unknown'}</span>
              {(s?.download_speed.bytes_per_second ?? 0) > 0 && (
                <span>
                  <Icon name="down" size={12} /> {speed(s!.download_speed.bytes_per_second)}
                </span>
              )}
              {(s?.upload_speed.bytes_per_second ?? 0) > 0 && (
                <span>
                  <Icon name="up" size={12} /> {speed(s!.upload_speed.bytes_per_second)}
                </span>
              )}
              <span>{s?.peers ?? 0} peers</span>
              {s?.eta_seconds != null && <span>ETA {duration(s.eta_seconds)}</span>}
              <span>ratio {ratio(ratioOf(t))}</span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
