// Adding a torrent: a magnet link or URL, or a .torrent file; the server is first asked what it holds
// (list_only), so files can be left out and the folder changed before anything is downloaded.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { describe, type Added, type Api, type TorrentSource } from '../api';
import { buildTree } from '../fileTree';
import { bytes } from '../format';
import { Dialog } from './Dialog';
import { FileTree } from './FileTree';

export function AddDialog({
  api,
  initialFile,
  onClose,
  onAdded,
}: {
  api: Api;
  initialFile?: File | null;
  onClose(): void;
  onAdded(added: Added): void;
}) {
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(initialFile ?? null);
  const [preview, setPreview] = useState<Added | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState<'listing' | 'adding' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(0);

  const source: TorrentSource | null = file ? { file } : text.trim() ? { text } : null;
  const tree = useMemo(() => (preview ? buildTree(preview.details.files) : []), [preview]);
  const realFiles = preview ? preview.details.files.filter((f) => !f.padding).length : 0;

  const list = async (from: TorrentSource) => {
    const ask = ++asked.current;
    setBusy('listing');
    setError(null);
    setPreview(null);
    try {
      const listed = await api.add(from, { listOnly: true });
      if (ask !== asked.current) return;
      setPreview(listed);
      setFolder(listed.output_folder);
      setChosen(new Set(listed.details.files.flatMap((f, i) => (f.padding ? [] : [i]))));
    } catch (e) {
      if (ask === asked.current) setError(describe(e));
    } finally {
      if (ask === asked.current) setBusy(null);
    }
  };

  useEffect(() => {
    if (initialFile) void list({ file: initialFile });
  }, []);

  const add = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!source) return;
    asked.current++;
    setBusy('adding');
    setError(null);
    try {
      const everything = preview === null || chosen.size === realFiles;
      const added = await api.add(source, {
        onlyFiles: everything ? undefined : [...chosen].sort((a, b) => a - b),
        outputFolder: preview && folder.trim() && folder.trim() !== preview.output_folder ? folder.trim() : undefined,
      });
      onAdded(added);
    } catch (err) {
      setError(describe(err));
      setBusy(null);
    }
  };

  const nothingChosen = preview !== null && chosen.size === 0;
  return (
    <Dialog title="Add torrent" onClose={onClose} wide>
      <form className="dialog-body add-form" onSubmit={add}>
        <div className="field">
          <label htmlFor="add-link">Magnet link or URL</label>
          <div className="field-row">
            <input
              id="add-link"
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder="magnet:?xt=urn:btih:… or https://…/file.torrent"
              value={text}
              disabled={file !== null}
              onChange={(e) => {
                setText(e.target.value);
                setPreview(null);
              }}
            />
            <button
              type="button"
              className="button"
              disabled={!text.trim() || file !== null || busy !== null}
              onClick={() => void list({ text })}
            >
              Show files
            </button>
          </div>
        </div>
        <div className="field">
          <label htmlFor="add-file">Torrent file</label>
          <div className="field-row">
            <input
              id="add-file"
              type="file"
              accept=".torrent,application/x-bittorrent"
              onChange={(e) => {
                const f = e.target.files?.[0] ?? null;
                setFile(f);
                setPreview(null);
                if (f) void list({ file: f });
              }}
            />
            {file && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  asked.current++;
                  setFile(null);
                  setPreview(null);
                  setBusy(null);
                }}
              >
                Clear file
              </button>
            )}
          </div>
          <p className="hint">or drop a .torrent file anywhere on the page</p>
        </div>

        {busy === 'listing' && (
          <p className="status" role="status">
            <span className="spinner" aria-hidden="true" /> Asking the server for the list of files…
          </p>
        )}
        {preview && (
          <section className="preview" aria-label="Files in the torrent">
            <div className="preview-head">
              <strong className="preview-name">{preview.details.name}</strong>
              <span className="muted">
                {chosen.size} of {realFiles} files ·{' '}
                {bytes(preview.details.files.reduce((a, f, i) => a + (chosen.has(i) ? f.length : 0), 0))}
              </span>
            </div>
            <FileTree nodes={tree} chosen={chosen} onChange={setChosen} />
            <div className="field">
              <label htmlFor="add-folder">Output folder</label>
              <input id="add-folder" type="text" spellCheck={false} value={folder} onChange={(e) => setFolder(e.target.value)} />
            </div>
          </section>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={!source || busy === 'adding' || nothingChosen}>
            {busy === 'adding' ? 'Adding…' : 'Add'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
