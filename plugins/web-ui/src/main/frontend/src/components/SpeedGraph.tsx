// Download and upload speeds over the last minutes, as two lines in an SVG of our own: the newest
// sample at the right edge, one sample a second, the height scaled to the highest speed in view. A
// short history is spread over at least a minute, so the first seconds are not a sliver at the edge.
import { speed } from '../format';
import { SAMPLES, type Sample } from '../speeds';

const WIDTH = 300;
const HEIGHT = 100;
const LEAST_SPAN = 60;

/** How many sample steps the graph's width shows. */
export const spanOf = (samples: readonly Sample[]) => Math.min(SAMPLES, Math.max(LEAST_SPAN, samples.length - 1));

/** The SVG path of one series, the newest sample at x = WIDTH, `y` scaled to `top`. */
export function pathOf(samples: readonly Sample[], value: (s: Sample) => number, top: number): string {
  const step = WIDTH / spanOf(samples);
  const last = samples.length - 1;
  return samples
    .map((s, i) => `${i === 0 ? 'M' : 'L'}${+(WIDTH - (last - i) * step).toFixed(1)} ${(HEIGHT - (value(s) / top) * HEIGHT).toFixed(1)}`)
    .join('');
}

export function SpeedGraph({ samples, label, compact = false }: { samples: readonly Sample[]; label: string; compact?: boolean }) {
  const top = Math.max(1024, ...samples.map((s) => Math.max(s.down, s.up))) * 1.1;
  const last = samples[samples.length - 1];
  const span = spanOf(samples);
  const left = +(WIDTH - (samples.length - 1) * (WIDTH / span)).toFixed(1);
  const words = last ? `${label}: down ${speed(last.down)}, up ${speed(last.up)}` : `${label}: no samples yet`;
  return (
    <figure className={compact ? 'speed-graph compact' : 'speed-graph'}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={words}>
        <title>{words}</title>
        {!compact && [0.25, 0.5, 0.75].map((f) => <line key={f} className="grid" x1={0} x2={WIDTH} y1={HEIGHT * f} y2={HEIGHT * f} />)}
        {samples.length > 1 && (
          <>
            <path className="down-area" d={`${pathOf(samples, (s) => s.down, top)}L${WIDTH} ${HEIGHT}L${left} ${HEIGHT}Z`} />
            <path className="down" d={pathOf(samples, (s) => s.down, top)} />
            <path className="up" d={pathOf(samples, (s) => s.up, top)} />
          </>
        )}
      </svg>
      {!compact && (
        <figcaption>
          <span className="legend down">Down {speed(last?.down ?? 0)}</span>
          <span className="legend up">Up {speed(last?.up ?? 0)}</span>
          <span className="legend scale">Top {speed(top)} · last {span < 120 ? `${span} s` : `${Math.round(span / 60)} min`}</span>
        </figcaption>
      )}
    </figure>
  );
}
