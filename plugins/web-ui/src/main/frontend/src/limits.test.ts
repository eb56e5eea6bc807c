import { formOf, labelsOf, limitsOf } from './limits';

describe('limits in the form', () => {
  it('reads KiB/s and minutes into the API units, empty or 0 as no limit', () => {
    expect(limitsOf({ downloadKibps: '512', uploadKibps: ' ', seedRatio: '1.5', seedMinutes: '0' })).toEqual({
      download_bps: 524288,
      upload_bps: null,
      seed_ratio: 1.5,
      seed_time_secs: null,
    });
  });

  it('says which field is not a number', () => {
    expect(limitsOf({ downloadKibps: 'fast', uploadKibps: '', seedRatio: '', seedMinutes: '' })).toBe(
      'The download limit must be a number, 0 or more (empty for no limit)',
    );
    expect(limitsOf({ downloadKibps: '', uploadKibps: '', seedRatio: '-1', seedMinutes: '' })).toMatch(/^The seed ratio/);
  });

  it('shows the API limits in the form units and back', () => {
    const limits = { download_bps: 1048576, upload_bps: null, seed_ratio: 2, seed_time_secs: 5400 };
    const form = formOf(limits);
    expect(form).toEqual({ downloadKibps: '1024', uploadKibps: '', seedRatio: '2', seedMinutes: '90' });
    expect(limitsOf(form)).toEqual(limits);
  });

  it('splits labels at commas', () => {
    expect(labelsOf(' tv, hd,,tv ')).toEqual(['tv', 'hd']);
    expect(labelsOf('')).toEqual([]);
  });
});
