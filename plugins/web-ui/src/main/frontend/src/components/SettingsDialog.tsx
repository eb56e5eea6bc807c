import type { Api } from '../api';
import { Dialog } from './Dialog';
import { LimitsEditor } from './LimitsEditor';

/** The session's settings: its rate limits, and the seed limits of torrents that set none. */
export function SettingsDialog({ api, onClose }: { api: Api; onClose(): void }) {
  return (
    <Dialog title="Settings" onClose={onClose}>
      <div className="dialog-body">
        <p className="hint">
          The rates bound all torrents together; the seed limits apply to every torrent that sets none of its own. Empty or 0 is no limit.
        </p>
        <LimitsEditor api={api} />
      </div>
    </Dialog>
  );
}
