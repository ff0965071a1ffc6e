import { formatBytes } from './format-bytes.js';

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect([0, 1023, 1536, 500 * 1024 * 1024].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.5 KiB',
      '500.0 MiB',
    ]);
  });
});
