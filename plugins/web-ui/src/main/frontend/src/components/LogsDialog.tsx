// The server's log, newest at the bottom, filtered by level; it follows new lines while scrolled to
// the end and stays put while the person reads further up.
import { useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { atLeast, LEVELS, type LogReader } from '../logs';
import { Dialog } from './Dialog';

const time = (iso: string) => (iso ? new Date(iso).toLocaleTimeString() : '');

export function LogsDialog({ logs, onClose }: { logs: LogReader; onClose(): void }) {
  const state = useSyncExternalStore(
    (onChange) => logs.subscribe(onChange),
    () => logs.current,
  );
  const [least, setLeast] = useState('INFO');
  const box = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  const shown = state.records.filter((r) => atLeast(r.level, least));
  useLayoutEffect(() => {
    if (following.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown.length, state.records]);
  return (
    <Dialog title="Logs" onClose={onClose} wide>
      <div className="dialog-body logs">
        <div className="logs-bar">
          <label className="level-select">
            Level
            <select aria-label="Least level shown" value={least} onChange={(e) => setLeast(e.target.value)}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l === 'ERROR' ? 'Errors only' : `${l[0]}${l.slice(1).toLowerCase()} and above`}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">
            {state.status === 'idle' ? 'Not reading' : state.error ? 'Reconnecting…' : 'Following the server’s log'} · the last{' '}
            {logs.capacity.toLocaleString()} lines are kept
          </span>
        </div>
        {state.error && state.status !== 'idle' && (
          <p className="status" role="status">
            The log stream broke off ({state.error}); it is opened again by itself as soon as the server answers.
          </p>
        )}
        {state.error && state.status === 'idle' && (
          <p className="error-text" role="alert">
            {state.error}
          </p>
        )}
        {!state.error && state.reopenedAt && (
          <p className="muted" role="status">
            Reconnected at {state.reopenedAt.toLocaleTimeString()}: lines logged while the stream was cut are missing.
          </p>
        )}
        <ol
          ref={box}
          className="log-lines"
          aria-label="Log"
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          {shown.length === 0 && <li className="muted">No lines yet: the server’s log shows here as it happens.</li>}
          {shown.map((r, i) => (
            <li key={`${i}-${r.time}`} className={`log-line level-${r.level.toLowerCase()}`}>
              <time className="log-time">{time(r.time)}</time>
              <span className="log-level">{r.level}</span>
              <span className="log-logger" title={r.logger}>
                {r.logger.split('.').pop()}
              </span>
              <span className="log-message">{r.message}</span>
            </li>
          ))}
        </ol>
      </div>
    </Dialog>
  );
}
