import { percent } from '../format';

/** A thin bar with the share done; its colour says the state (a class on the bar). */
export function ProgressBar({ value, label, tone }: { value: number; label: string; tone: string }) {
  return (
    <div
      className={`progress progress-${tone}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.floor(value * 100)}
      aria-valuetext={percent(value)}
    >
      <div className="progress-fill" style={{ width: `${value * 100}%` }} />
    </div>
  );
}
