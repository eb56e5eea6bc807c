// The last minutes of speeds, for the graphs: the session's and each torrent's, one sample a tick.

export interface Sample {
  /** Milliseconds since the epoch. */
  at: number;
  down: number;
  up: number;
}

/** Five minutes at the server's one tick a second. */
export const SAMPLES = 300;

/**
 * Speed samples by key (`session`, or a torrent's id), each a bounded list, oldest first. Mutated in
 * place: the owner tells its readers when it changed. Owned by the page's one thread.
 */
export class SpeedHistory {
  private readonly series = new Map<string, Sample[]>();

  constructor(private readonly capacity = SAMPLES) {}

  /**
   * Adds a sample. A series that would hold only zeros is not kept (an idle torrent draws the same
   * empty graph without one), so a thousand seeding torrents that send nothing cost nothing.
   */
  record(key: string, sample: Sample): void {
    let samples = this.series.get(key);
    const idle = (s: Sample) => s.down === 0 && s.up === 0;
    if (idle(sample) && (!samples || samples.every(idle))) {
      this.series.delete(key);
      return;
    }
    if (!samples) {
      samples = [];
      this.series.set(key, samples);
    }
    samples.push(sample);
    if (samples.length > this.capacity) samples.splice(0, samples.length - this.capacity);
  }

  of(key: string): readonly Sample[] {
    return this.series.get(key) ?? [];
  }

  /** Forgets every series whose key is not kept (torrents removed). */
  retain(keep: Set<string>): void {
    for (const key of this.series.keys()) {
      if (!keep.has(key)) this.series.delete(key);
    }
  }
}
