// The pieces a torrent has, drawn from its bitfield: one column per piece, or per run of pieces
// when there are more pieces than pixels, shaded by how many of them are here.
import { useEffect, useRef } from 'react';

/** The share of pieces had in each of `columns` equal runs of the bitfield. */
export function shares(bitfield: Uint8Array, pieces: number, columns: number): number[] {
  const out: number[] = [];
  const n = Math.max(1, Math.min(columns, pieces));
  for (let c = 0; c < n; c++) {
    const from = Math.floor((c * pieces) / n);
    const to = Math.max(from + 1, Math.floor(((c + 1) * pieces) / n));
    let had = 0;
    for (let p = from; p < to; p++) {
      if ((bitfield[p >> 3] ?? 0) & (0x80 >> (p & 7))) had++;
    }
    out.push(had / (to - from));
  }
  return out;
}

export function PiecesMap({ bitfield, pieces }: { bitfield: Uint8Array | null; pieces: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const had = bitfield ? shares(bitfield, pieces, pieces).reduce((a, s) => a + s, 0) : 0;
  useEffect(() => {
    const el = canvas.current;
    const g = el?.getContext?.('2d');
    if (!el || !g || !bitfield || pieces === 0) return;
    const width = Math.max(1, Math.round(el.clientWidth * devicePixelRatio));
    const height = Math.max(1, Math.round(el.clientHeight * devicePixelRatio));
    el.width = width;
    el.height = height;
    const style = getComputedStyle(el);
    const empty = style.getPropertyValue('--pieces-empty').trim() || '#e5e7eb';
    const full = style.getPropertyValue('--pieces-full').trim() || '#2563eb';
    g.fillStyle = empty;
    g.fillRect(0, 0, width, height);
    const cols = shares(bitfield, pieces, width);
    const step = width / cols.length;
    g.fillStyle = full;
    cols.forEach((share, i) => {
      if (share > 0) {
        g.globalAlpha = 0.35 + 0.65 * share;
        g.fillRect(Math.floor(i * step), 0, Math.ceil(step), height);
      }
    });
    g.globalAlpha = 1;
  });
  return (
    <div className="pieces">
      <div className="pieces-caption" aria-hidden="true">
        <span>Pieces</span>
        <span>{pieces > 0 ? `${Math.round(had)} of ${pieces}` : 'not known yet'}</span>
      </div>
      <canvas
        ref={canvas}
        className="pieces-map"
        role="img"
        aria-label={pieces > 0 ? `Pieces: ${Math.round(had)} of ${pieces} here` : 'Pieces: not known yet'}
      />
    </div>
  );
}
