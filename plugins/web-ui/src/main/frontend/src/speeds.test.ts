import { SpeedHistory } from './speeds';

describe('the speed history', () => {
  it('keeps the last samples of each series', () => {
    const h = new SpeedHistory(3);
    [1, 2, 3, 4].forEach((i) => h.record('session', { at: i, down: i, up: 0 }));
    expect(h.of('session').map((s) => s.down)).toEqual([2, 3, 4]);
  });

  it('keeps no series of zeros, and drops one once only zeros are left', () => {
    const h = new SpeedHistory(2);
    h.record('1', { at: 1, down: 0, up: 0 });
    expect(h.of('1')).toEqual([]);
    h.record('1', { at: 2, down: 5, up: 0 });
    h.record('1', { at: 3, down: 0, up: 0 });
    expect(h.of('1').map((s) => s.down)).toEqual([5, 0]);
    h.record('1', { at: 4, down: 0, up: 0 });
    expect(h.of('1').map((s) => s.down)).toEqual([0, 0]);
    h.record('1', { at: 5, down: 0, up: 0 });
    expect(h.of('1')).toEqual([]);
  });
});
