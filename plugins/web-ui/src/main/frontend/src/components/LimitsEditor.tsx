// The rate and seed limits of the session (no id) or of one torrent, read from the server, edited
// and saved as a whole, as the API replaces them.
import { useEffect, useId, useState } from 'react';
import { describe, type Api } from '../api';
import { formOf, limitsOf, type LimitsForm } from '../limits';

const FIELDS: [keyof LimitsForm, string, string][] = [
  ['downloadKibps', 'Download limit', 'KiB/s'],
  ['uploadKibps', 'Upload limit', 'KiB/s'],
  ['seedRatio', 'Stop seeding at ratio', ''],
  ['seedMinutes', 'Stop seeding after', 'minutes'],
];

export function LimitsEditor({ api, id, onSaved }: { api: Api; id?: number; onSaved?(): void }) {
  const [form, setForm] = useState<LimitsForm | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const prefix = useId();
  useEffect(() => {
    let current = true;
    api.limits(id).then(
      (l) => current && setForm(formOf(l)),
      (e) => current && setMessage({ error: true, text: describe(e) }),
    );
    return () => {
      current = false;
    };
  }, [api, id]);
  if (!form) return message ? <p className="error-text" role="alert">{message.text}</p> : <p className="muted">Loading the limits…</p>;

  const save = async () => {
    const limits = limitsOf(form);
    if (typeof limits === 'string') {
      setMessage({ error: true, text: limits });
      return;
    }
    setSaving(true);
    try {
      await api.setLimits(id, limits);
      setMessage({ error: false, text: 'Saved' });
      onSaved?.();
    } catch (e) {
      setMessage({ error: true, text: describe(e) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      className="limits"
      aria-label={id === undefined ? 'Limits of the session' : 'Limits of this torrent'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="limits-grid">
        {FIELDS.map(([key, label, unit]) => (
          <div key={key} className="field">
            <label htmlFor={`${prefix}-${key}`}>{label}</label>
            <div className="field-row">
              <input
                id={`${prefix}-${key}`}
                type="text"
                inputMode="decimal"
                placeholder="No limit"
                value={form[key]}
                onChange={(e) => {
                  setForm({ ...form, [key]: e.target.value });
                  setMessage(null);
                }}
              />
              {unit && <span className="unit">{unit}</span>}
            </div>
          </div>
        ))}
      </div>
      <div className="limits-actions">
        <button type="submit" className="button primary" disabled={saving}>
          Save limits
        </button>
        {message && (
          <span className={message.error ? 'error-text' : 'muted'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}
