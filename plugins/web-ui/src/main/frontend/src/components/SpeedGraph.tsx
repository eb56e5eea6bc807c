// Download and upload speeds over the last minutes, as two lines in an SVG of our own: the newest
// sample at the right edge, time running at one sample a second, the height scaled to the highest
// speed in view.
import { speed } from '../format';
import { SAMPLES, type Sample } from '../speeds';

const WIDTH = SAMPLES;
const HEIGHT = 100;

/** The SVG path of one series, `x` in samples from the left (newest at WIDTH), `y` scaled to `top`. */
export function pathOf(samples: readonly Sample[], value: (s: Sample) => number, top: number): string {
  const offset = WIDTH - (samples.length - 1);
  return samples
    .map((s, i) => `${i === 0 ? 'M' : 'L'}${offset + i} ${(HEIGHT - (value(s) / top) * HEIGHT).toFixed(1)}`)
    .join('');
}

export function SpeedGraph({ samples, label, compact = false }: { samples: readonly Sample[]; label: string; compact?: boolean }) {
  const top = Math.max(1024, ...samples.map((s) => Math.max(s.down, s.up))) * 1.1;
  const last = samples[samples.length - 1];
  const words = last ? `${label}: down ${speed(last.down)}, up ${speed(last.up)}` : `${label}: no samples yet`;
  return (
    <figure className={compact ? 'speed-graph compact' : 'speed-graph'}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={words}>
        <title>{words}</title>
        {!compact && [0.25, 0.5, 0.75].map((f) => <line key={f} className="grid" x1={0} x2={WIDTH} y1={HEIGHT * f} y2={HEIGHT * f} />)}
        {samples.length > 1 && (
          <>
            <path className="down-area" d={`${pathOf(samples, (s) => s.down, top)}L${WIDTH} ${HEIGHT}L${WIDTH - (samples.length - 1)} ${HEIGHT}Z`} />
            <path className="down" d={pathOf(samples, (s) => s.down, top)} />
            <path className="up" d={pathOf(samples, (s) => s.up, top)} />
          </>
        )}
      </svg>
      {!compact && (
        <figcaption>
          <span className="legend down">Down {speed(last?.down ?? 0)}</span>
          <span className="legend up">Up {speed(last?.up ?? 0)}</span>
          <span className="legend scale">Top {speed(top)} · last {Math.round(SAMPLES / 60)} minutes</span>
        </figcaption>
      )}
    </figure>
  );
}
