// One torrent in full: what it is and how it does (Overview), its files and their choice (Files),
// its connections (Peers), and where its peers come from (Trackers).
import { useMemo, useState, type KeyboardEvent } from 'react';
import { describe, type Api, type Peer, type Torrent, type TorrentDetails } from '../api';
import { buildTree } from '../fileTree';
import { bytes, duration, percent, ratio, speed } from '../format';
import { useRepeat } from '../hooks';
import { isActive, progressOf, ratioOf, stateOf, STATE_LABELS } from '../torrents';
import { FileTree } from './FileTree';
import { Icon } from './Icons';
import { PiecesMap } from './PiecesMap';
import { labelsOf } from '../limits';
import { LimitsEditor } from './LimitsEditor';
import { ProgressBar } from './ProgressBar';
import { SpeedGraph } from './SpeedGraph';
import type { Sample } from '../speeds';

const TABS = ['Overview', 'Files', 'Peers', 'Trackers', 'Limits'] as const;
type Tab = (typeof TABS)[number];

export function Details({
  api,
  torrent,
  speeds,
  onChanged,
  onClose,
  onError,
  onPause,
  onResume,
  onDelete,
}: {
  api: Api;
  torrent: Torrent;
  speeds: readonly Sample[];
  /** Something the event stream does not tell (its labels) changed: the list should be read again. */
  onChanged(): void;
  onClose(): void;
  onError(message: string): void;
  onPause(t: Torrent): void;
  onResume(t: Torrent): void;
  onDelete(t: Torrent): void;
}) {
  const [tab, setTab] = useState<Tab>('Overview');
  const [details, setDetails] = useState<TorrentDetails | null>(null);
  const id = torrent.id;
  useRepeat(() => api.details(id).then(setDetails), 3000, [id]);

  const selectTab = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : null;
    if (next) {
      setTab(next);
      document.getElementById(`tab-${next}`)?.focus();
    }
  };

  return (
    <aside className="details" aria-label={`Details of ${torrent.name}`}>
      <header className="details-header">
        <div className="details-title">
          <h2 title={torrent.name}>{torrent.name}</h2>
          <span className="muted">{STATE_LABELS[stateOf(torrent)]}</span>
        </div>
        <div className="row-actions">
          {isActive(torrent) ? (
            <button type="button" className="icon-button" aria-label="Pause" title="Pause" onClick={() => onPause(torrent)}>
              <Icon name="pause" />
            </button>
          ) : (
            <button type="button" className="icon-button" aria-label="Resume" title="Resume" onClick={() => onResume(torrent)}>
              <Icon name="play" />
            </button>
          )}
          <button type="button" className="icon-button danger" aria-label="Delete" title="Delete…" onClick={() => onDelete(torrent)}>
            <Icon name="trash" />
          </button>
          <button type="button" className="icon-button" aria-label="Close details" title="Close" onClick={onClose}>
            <Icon name="close" />
          </button>
        </div>
      </header>
      <div className="tabs" role="tablist" aria-label="Details" onKeyDown={selectTab}>
        {TABS.map((t) => (
          <button
            key={t}
            id={`tab-${t}`}
            type="button"
            role="tab"
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className="tab"
            onClick={() => setTab(t)}
          >
            {t}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'Overview' && <Overview api={api} torrent={torrent} speeds={speeds} />}
        {tab === 'Files' && <Files api={api} torrent={torrent} details={details} onChosen={setDetails} onError={onError} />}
        {tab === 'Peers' && <Peers api={api} id={id} />}
        {tab === 'Trackers' && <Trackers torrent={torrent} />}
        {tab === 'Limits' && <TorrentSettings api={api} torrent={torrent} onChanged={onChanged} />}
      </div>
    </aside>
  );
}

function Overview({ api, torrent, speeds }: { api: Api; torrent: Torrent; speeds: readonly Sample[] }) {
  const [bitfield, setBitfield] = useState<Uint8Array | null>(null);
  useRepeat(() => api.haves(torrent.id).then(setBitfield), 2000, [torrent.id]);
  const s = torrent.stats;
  const progress = progressOf(torrent);
  const facts: [string, string][] = [
    ['State', STATE_LABELS[stateOf(torrent)]],
    ['Progress', s && s.total_bytes > 0 ? `${percent(progress)} · ${bytes(s.progress_bytes)} of ${bytes(s.total_bytes)}` : '–'],
    ['Download speed', speed(s?.download_speed.bytes_per_second ?? 0)],
    ['Upload speed', speed(s?.upload_speed.bytes_per_second ?? 0)],
    ['Time left', duration(s?.eta_seconds)],
    ['Downloaded', bytes(s?.downloaded_bytes ?? 0)],
    ['Uploaded', bytes(s?.uploaded_bytes ?? 0)],
    ['Ratio', ratio(ratioOf(torrent))],
    ['Peers', String(s?.peers ?? 0)],
    ['Pieces', String(torrent.total_pieces || '–')],
    ['Info-hash', torrent.info_hash],
    ['Folder', torrent.output_folder],
    ['Added', new Date(torrent.added_at).toLocaleString()],
    ['Completed', torrent.completed_at ? new Date(torrent.completed_at).toLocaleString() : '–'],
  ];
  return (
    <div className="overview">
      {s?.error && (
        <p className="error-text" role="alert">
          {s.error}
        </p>
      )}
      <ProgressBar value={progress} label={`Progress of ${torrent.name}`} tone={progress >= 1 ? 'done' : 'active'} />
      <PiecesMap bitfield={bitfield} pieces={torrent.total_pieces} />
      <SpeedGraph samples={speeds} label={`Speeds of ${torrent.name}`} />
      <dl className="facts">
        {facts.map(([k, v]) => (
          <div key={k} className="fact">
            <dt>{k}</dt>
            <dd className={k === 'Info-hash' || k === 'Folder' ? 'mono' : undefined}>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Files({
  api,
  torrent,
  details,
  onChosen,
  onError,
}: {
  api: Api;
  torrent: Torrent;
  details: TorrentDetails | null;
  onChosen(d: TorrentDetails): void;
  onError(message: string): void;
}) {
  const [saving, setSaving] = useState(false);
  const [recheckedAt, setRecheckedAt] = useState<Date | null>(null);
  const tree = useMemo(() => (details ? buildTree(details.files) : []), [details]);
  if (!details) return <p className="muted">Loading the files…</p>;
  if (details.files.length === 0) return <p className="muted">The files are known once the metadata has come from peers.</p>;
  const chosen = new Set(details.files.flatMap((f, i) => (f.included && !f.padding ? [i] : [])));
  const change = async (next: Set<number>) => {
    if (next.size === 0) {
      onError('At least one file must stay chosen; pause the torrent to stop it instead.');
      return;
    }
    const previous = details;
    onChosen({ ...details, files: details.files.map((f, i) => ({ ...f, included: next.has(i) })) });
    setSaving(true);
    try {
      await api.chooseFiles(torrent.id, [...next].sort((a, b) => a - b));
    } catch (e) {
      onChosen(previous);
      onError(describe(e));
    } finally {
      setSaving(false);
    }
  };
  const recheck = async () => {
    try {
      await api.act(torrent.id, 'verify');
      setRecheckedAt(new Date());
    } catch (e) {
      onError(describe(e));
    }
  };
  return (
    <>
      <div className="files-actions">
        <a className="button" href={api.playlistUrl(torrent.id)} download={`${torrent.name}.m3u`}>
          Playlist
        </a>
        <button type="button" className="button" onClick={() => void recheck()} title="Read the files again and check every piece">
          Re-check
        </button>
        {recheckedAt && (
          <span className="muted" role="status">
            Re-check started at {recheckedAt.toLocaleTimeString()}
          </span>
        )}
      </div>
      <FileTree
        nodes={tree}
        chosen={chosen}
        onChange={change}
        progress={torrent.stats?.file_progress}
        disabled={saving}
        streamUrl={(index, name) => api.streamUrl(torrent.id, index, name)}
      />
    </>
  );
}

type PeerKey = 'address' | 'down' | 'up';
// Four columns, each with a second line (the client under the address, the totals under the rates), so
// that the table fits the details pane of a wide screen and a phone alike without scrolling sideways.
const PEER_COLUMNS: { key: PeerKey; label: string; className?: string }[] = [
  { key: 'address', label: 'Peer' },
  { key: 'down', label: 'Down', className: 'num' },
  { key: 'up', label: 'Up', className: 'num' },
];

function peerValue(p: Peer, key: PeerKey): string | number {
  switch (key) {
    case 'address':
      return p.address;
    case 'down':
      return p.download_speed.bytes_per_second;
    case 'up':
      return p.upload_speed.bytes_per_second;
  }
}

function Peers({ api, id }: { api: Api; id: number }) {
  const [peers, setPeers] = useState<Peer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sort, setSort] = useState<{ key: PeerKey; descending: boolean }>({ key: 'down', descending: true });
  useRepeat(
    () =>
      api.peers(id).then(
        (p) => {
          setPeers(p);
          setError(null);
        },
        (e) => setError(describe(e)),
      ),
    2000,
    [id],
  );
  if (error) return <p className="error-text">{error}</p>;
  if (!peers) return <p className="muted">Loading the peers…</p>;
  if (peers.length === 0) return <p className="muted">No peer is connected.</p>;
  const sign = sort.descending ? -1 : 1;
  const sorted = [...peers].sort((a, b) => {
    const x = peerValue(a, sort.key);
    const y = peerValue(b, sort.key);
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
  return (
    <div className="table-scroll">
      <table className="peer-table" aria-label="Peers">
        <thead>
          <tr>
            {PEER_COLUMNS.map((c) => (
              <th key={c.key} className={c.className} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                <button
                  type="button"
                  className="sort"
                  onClick={() => setSort({ key: c.key, descending: sort.key === c.key ? !sort.descending : c.className !== undefined })}
                >
                  {c.label}
                </button>
              </th>
            ))}
            <th>Connection</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => (
            <tr key={p.address} aria-label={`Peer ${p.address}`}>
              <td>
                <span className="mono">{p.address}</span>
                <span className="sub">{p.client || '–'}</span>
              </td>
              <td className="num">
                {speed(p.download_speed.bytes_per_second)}
                <span className="sub" title="Received from this peer">{bytes(p.downloaded_bytes)}</span>
              </td>
              <td className="num">
                {speed(p.upload_speed.bytes_per_second)}
                <span className="sub" title="Sent to this peer">{bytes(p.uploaded_bytes)}</span>
              </td>
              <td className="connection">
                <span className="tags">
                  {p.encrypted && (
                    <span className="tag" title="Encrypted (MSE)">
                      <Icon name="lock" size={12} /> encrypted
                    </span>
                  )}
                  <span className="tag">{p.direction}</span>
                  {p.seed && <span className="tag">seed</span>}
                  <span className="tag">{p.state}</span>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Trackers({ torrent }: { torrent: Torrent }) {
  const sources = torrent.stats?.sources ?? [];
  return (
    <div className="trackers">
      <p className="hint">The latest word of each peer source (trackers, DHT, peer exchange) for this torrent.</p>
      {sources.length === 0 ? (
        <p className="muted">No peer source has reported yet.</p>
      ) : (
        <ul className="sources">
          {sources.map((s) => (
            <li key={s} className="mono">
              {s}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A torrent's labels and its own limits, which bound it under the session's. */
function TorrentSettings({ api, torrent, onChanged }: { api: Api; torrent: Torrent; onChanged(): void }) {
  const [typed, setTyped] = useState((torrent.labels ?? []).join(', '));
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const saveLabels = async () => {
    try {
      await api.setLabels(torrent.id, labelsOf(typed));
      setMessage({ error: false, text: 'Saved' });
      onChanged();
    } catch (e) {
      setMessage({ error: true, text: describe(e) });
    }
  };
  return (
    <div className="torrent-settings">
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          void saveLabels();
        }}
      >
        <label htmlFor={`labels-${torrent.id}`}>Labels</label>
        <div className="field-row">
          <input
            id={`labels-${torrent.id}`}
            type="text"
            placeholder="tv, hd"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              setMessage(null);
            }}
          />
          <button type="submit" className="button">
            Save labels
          </button>
        </div>
        {message && (
          <span className={message.error ? 'error-text' : 'muted'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </span>
        )}
      </form>
      <h3 className="section-title">Limits of this torrent</h3>
      <p className="hint">Its rates stay under the session's; a seed limit set here replaces the session's. Empty or 0 is no limit.</p>
      <LimitsEditor api={api} id={torrent.id} />
    </div>
  );
}
