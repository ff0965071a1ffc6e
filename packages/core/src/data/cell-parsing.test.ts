import {
  NOT_A_NUMBER,
  parseBooleanText,
  parseDatetimeText,
  parseNumberBytes,
  parseNumberText,
} from './cell-parsing.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');
const parse = (s: string) => parseNumberBytes(bytes(s), 0, s.length);

describe('number parsing from bytes', () => {
  it('gives exactly what Number gives for decimal text of every shape', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const samples: string[] = [
      '0',
      '-0',
      '1',
      '-1',
      '0.1',
      '.5',
      '5.',
      '1e5',
      '1E-5',
      '+3.25',
      '007',
      '0.000123',
      '123456789012345',
      '1234567890123456789',
      '1.7976931348623157e308',
      '5e-324',
      '2.2250738585072014e-308',
      '9007199254740993',
      '0.30000000000000004',
    ];
    for (let i = 0; i < 20000; i++) {
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
      samples.push(
        String(x),
        x.toFixed(Math.floor(rnd() * 10)),
        x.toExponential(Math.floor(rnd() * 17)),
      );
    }
    for (const s of samples) expect([s, parse(s)]).toEqual([s, Number(s)]);
  });

  it('reads missing markers as NaN, never as a number', () => {
    for (const s of [
      '',
      '  ',
      'NaN',
      'nan',
      'NA',
      'N/A',
      'null',
      'None',
      'inf',
      '-Infinity',
      'Infinity',
      '1e999',
    ]) {
      expect(parse(s)).toBeNaN();
      expect(parseNumberText(s)).toBeNaN();
    }
  });

  it('rejects text that is not a decimal number', () => {
    for (const s of ['abc', '1.2.3', '0x1F', '1e', '--1', '1,5', '12abc', '.', '-', 'e5']) {
      expect([s, parse(s)]).toEqual([s, NOT_A_NUMBER]);
      expect([s, parseNumberText(s)]).toEqual([s, NOT_A_NUMBER]);
    }
  });

  it('trims blanks around a number', () => {
    expect(parse('  3.5\t')).toBe(3.5);
  });
});

describe('boolean and datetime text', () => {
  it('reads true/false in any case', () => {
    expect([parseBooleanText('True'), parseBooleanText('FALSE'), parseBooleanText('')]).toEqual([
      1,
      0,
      NaN,
    ]);
    expect(parseBooleanText('yes')).toBe(NOT_A_NUMBER);
  });

  it('reads ISO dates as UTC whatever the local zone', () => {
    expect(parseDatetimeText('2012-01-01')).toBe(Date.UTC(2012, 0, 1));
    expect(parseDatetimeText('2012-01-01 10:30')).toBe(Date.UTC(2012, 0, 1, 10, 30));
    expect(parseDatetimeText('2012-01-01T10:30:00+02:00')).toBe(Date.UTC(2012, 0, 1, 8, 30));
    expect(parseDatetimeText('01/02/2012')).toBe(NOT_A_NUMBER);
  });
});
