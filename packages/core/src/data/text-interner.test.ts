import { TextInterner } from './text-interner.js';

describe('TextInterner', () => {
  it('returns the same strings while its table grows from 64 slots, and null for missing markers', () => {
    const interner = new TextInterner();
    const words = Array.from({ length: 5000 }, (_, i) => `value-${i}`);
    for (let round = 0; round < 2; round++) {
      for (const word of words) {
        const buf = Buffer.from(`,${word},`);
        expect(interner.get(buf, 1, buf.length - 1)).toBe(word);
      }
    }
    const na = Buffer.from('NA');
    expect(interner.get(na, 0, 2)).toBeNull();
  });
});
