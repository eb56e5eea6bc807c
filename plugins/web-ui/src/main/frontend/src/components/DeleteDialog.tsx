import { useState } from 'react';
import type { Torrent } from '../api';
import { Dialog } from './Dialog';

/** Asks before removing torrents; their files are kept unless the box is ticked. */
export function DeleteDialog({
  torrents,
  onCancel,
  onConfirm,
}: {
  torrents: Torrent[];
  onCancel(): void;
  onConfirm(withFiles: boolean): void;
}) {
  const [withFiles, setWithFiles] = useState(false);
  const one = torrents.length === 1;
  return (
    <Dialog title={one ? 'Delete torrent' : `Delete ${torrents.length} torrents`} onClose={onCancel}>
      <div className="dialog-body">
        <p>
          {one ? (
            <>
              Remove <strong>{torrents[0].name}</strong> from mim?
            </>
          ) : (
            `Remove these ${torrents.length} torrents from mim?`
          )}
        </p>
        <label className="check">
          <input type="checkbox" checked={withFiles} onChange={(e) => setWithFiles(e.target.checked)} />
          Also delete files
        </label>
        <p className="hint">{withFiles ? 'The files it wrote are deleted from the disk.' : 'The downloaded files stay on the disk.'}</p>
      </div>
      <footer className="dialog-footer">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button danger" onClick={() => onConfirm(withFiles)}>
          Delete
        </button>
      </footer>
    </Dialog>
  );
}
