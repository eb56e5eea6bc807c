import { bytes, duration, percent, ratio, speed } from './format';

describe('format', () => {
  it('writes sizes in binary units with three significant digits', () => {
    expect(bytes(0)).toBe('0 B');
    expect(bytes(1023)).toBe('1023 B');
    expect(bytes(1536)).toBe('1.50 KiB');
    expect(bytes(5 * 1024 * 1024 + 11)).toBe('5.00 MiB');
    expect(bytes(150 * 1024 ** 3)).toBe('150 GiB');
  });

  it('shows a dash for a speed of nothing', () => {
    expect(speed(0)).toBe('–');
    expect(speed(2048)).toBe('2.00 KiB/s');
  });

  it('gives the two largest units of a duration', () => {
    expect(duration(null)).toBe('–');
    expect(duration(0)).toBe('0s');
    expect(duration(42)).toBe('42s');
    expect(duration(3600 + 5 * 60 + 9)).toBe('1h 5m');
    expect(duration(2 * 86400 + 7200)).toBe('2d 2h');
    expect(duration(3600)).toBe('1h');
  });

  it('never rounds an incomplete download up to 100%', () => {
    expect(percent(0.99999)).toBe('99.9%');
    expect(percent(1)).toBe('100%');
    expect(percent(0.5)).toBe('50.0%');
    expect(ratio(null)).toBe('–');
    expect(ratio(1.234)).toBe('1.23');
  });
});
