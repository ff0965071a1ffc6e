import { ProgressLog } from './progress-log.js';

describe('ProgressLog', () => {
  it('stays silent for quick work and logs percentages once the interval has passed', () => {
    const lines: string[] = [];
    const quick = new ProgressLog('Reading', 60_000, (l) => lines.push(l));
    quick.update(5, 10);
    quick.finish();
    expect(lines).toEqual([]);

    const slow = new ProgressLog('Reading', 0, (l) => lines.push(l));
    slow.update(1, 3, '1 of 3 files');
    slow.update(3, 3);
    slow.finish('3 files');
    expect(lines).toEqual([
      'Reading: 33% (1 of 3 files)',
      'Reading: 100%',
      'Reading: 100% (3 files)',
    ]);
  });
});
