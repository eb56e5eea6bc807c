// Rate and seed limits between the API's shape (bytes a second, seconds, null for none) and the
// form's (KiB/s, minutes, text; empty or 0 for none).
import type { Limits } from './api';

export interface LimitsForm {
  downloadKibps: string;
  uploadKibps: string;
  seedRatio: string;
  seedMinutes: string;
}

const text = (v: number | null, scale: number) => (v === null ? '' : String(+(v / scale).toFixed(2)));

export function formOf(limits: Limits): LimitsForm {
  return {
    downloadKibps: text(limits.download_bps, 1024),
    uploadKibps: text(limits.upload_bps, 1024),
    seedRatio: text(limits.seed_ratio, 1),
    seedMinutes: text(limits.seed_time_secs, 60),
  };
}

/** The limits a form says, or the first field that is not a number, in words. */
export function limitsOf(form: LimitsForm): Limits | string {
  const read = (value: string, what: string, scale: number, whole: boolean): number | null | string => {
    const t = value.trim();
    if (t === '') return null;
    const n = Number(t);
    if (!Number.isFinite(n) || n < 0) return `${what} must be a number, 0 or more (empty for no limit)`;
    if (n === 0) return null;
    return whole ? Math.max(1, Math.round(n * scale)) : n;
  };
  const values = [
    read(form.downloadKibps, 'The download limit', 1024, true),
    read(form.uploadKibps, 'The upload limit', 1024, true),
    read(form.seedRatio, 'The seed ratio', 1, false),
    read(form.seedMinutes, 'The seed time', 60, true),
  ];
  const wrong = values.find((v) => typeof v === 'string');
  if (typeof wrong === 'string') return wrong;
  const [download_bps, upload_bps, seed_ratio, seed_time_secs] = values as (number | null)[];
  return { download_bps, upload_bps, seed_ratio, seed_time_secs };
}

/** Labels as typed: split at commas, trimmed, no empty or repeated one. */
export function labelsOf(typed: string): string[] {
  return [...new Set(typed.split(',').map((l) => l.trim()).filter((l) => l !== ''))];
}
