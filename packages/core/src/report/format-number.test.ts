import {
  formatCount,
  formatMeasurement,
  formatMetric,
  formatNumber,
  formatPercent,
  formatSeconds,
  formatSignificant,
} from './format-number.js';

describe('formatMetric (gate values, limits and deltas)', () => {
  it('prints numbers without float noise', () => {
    expect(formatMetric(0.1 + 0.2)).toBe('0.3');
    expect(formatMetric(42)).toBe('42');
    expect(formatMetric(0.000123456789)).toBe('0.000123457');
    expect(formatMetric(Infinity)).toBe('∞');
    expect(formatMetric(-Infinity)).toBe('-∞');
    expect(formatMetric(NaN)).toBe('NaN');
  });
});

describe('formatSeconds (timeouts and waits in messages)', () => {
  it('shows seconds with at most one decimal and no trailing zero', () => {
    expect(formatSeconds(2000)).toBe('2 s');
    expect(formatSeconds(500)).toBe('0.5 s');
    expect(formatSeconds(1234)).toBe('1.2 s');
    expect(formatSeconds(120_000)).toBe('120 s');
  });
});

describe('formatNumber (report statistics)', () => {
  it('keeps 4 significant digits, exponents for tiny values and a dash for none', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(0.0000123)).toBe('1.23e-5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(undefined)).toBe('–');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});

describe('formatSignificant, formatPercent, formatCount', () => {
  it('format as documented', () => {
    expect(formatSignificant(1234.5678, 3)).toBe('1230');
    expect(formatPercent(0.25)).toBe('25 %');
    expect(formatPercent(0.12345)).toBe('12.3 %');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('formatMeasurement (smoke summary, step outputs, logs)', () => {
  it('4 significant digits as a plain number, integers exactly', () => {
    expect(formatMeasurement(3.9587620999999045)).toBe('3.959');
    expect(formatMeasurement(0.8219178082191781)).toBe('0.8219');
    expect(formatMeasurement(1234.5678)).toBe('1235');
    expect(formatMeasurement(12345)).toBe('12345');
    expect(formatMeasurement(0.000123456)).toBe('0.0001235');
    expect(Number(formatMeasurement(0.000123456))).toBe(0.0001235);
    expect(formatMeasurement(Infinity)).toBe('∞');
  });
});
