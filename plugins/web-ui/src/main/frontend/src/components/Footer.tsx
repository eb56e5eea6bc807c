import type { SessionStats } from '../api';
import { bytes, speed } from '../format';
import type { Connection } from '../live';
import type { Sample } from '../speeds';
import { Icon } from './Icons';
import { SpeedGraph } from './SpeedGraph';

const CONNECTION: Record<Connection, string> = {
  connecting: 'Connecting…',
  events: 'Live: events',
  polling: 'Live: polling',
  unreachable: 'Server unreachable',
};

export function Footer({ session, connection, speeds }: { session: SessionStats | null; connection: Connection; speeds: readonly Sample[] }) {
  return (
    <footer className="footer">
      <SpeedGraph samples={speeds} label="Session speeds" compact />
      <span className="footer-speed" title="Download speed">
        <Icon name="down" size={14} /> <span aria-label="Download speed">{speed(session?.download_speed.bytes_per_second ?? 0)}</span>
      </span>
      <span className="footer-speed" title="Upload speed">
        <Icon name="up" size={14} /> <span aria-label="Upload speed">{speed(session?.upload_speed.bytes_per_second ?? 0)}</span>
      </span>
      <span className="footer-item wide-only">Downloaded {bytes(session?.downloaded_bytes ?? 0)}</span>
      <span className="footer-item wide-only">Uploaded {bytes(session?.uploaded_bytes ?? 0)}</span>
      <span className="footer-item">
        <Icon name="users" size={14} /> {session?.peers ?? 0}
      </span>
      <span
        className={`connection connection-${connection}`}
        role="status"
        title={connection === 'events' ? 'The server streams what happens' : connection === 'polling' ? 'The list is asked for every second' : undefined}
      >
        <span className="dot" aria-hidden="true" />
        {CONNECTION[connection]}
      </span>
    </footer>
  );
}
