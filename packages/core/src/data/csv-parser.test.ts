import { parseNumberBytes } from './cell-parsing.js';
import { CsvParser } from './csv-parser.js';

function parseAll(
  text: string | Buffer,
  chunkSize = Infinity,
): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  const parser = new CsvParser('data.csv', (row) => {
    const fields = [];
    for (let i = 0; i < row.count; i++) fields.push(row.text(i));
    rows.push({ fields, line: row.line });
  });
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const step = Math.min(chunkSize, data.length || 1);
  for (let i = 0; i < data.length; i += step) parser.push(data.subarray(i, i + step));
  parser.end();
  return rows;
}

const tricky =
  '\uFEFFid,text,n\r\n1,"hello, world",2.5\r\n2,"say ""hi""",3\r\n\r\n3,"two\nlines",\r\n4,plain,-1';

describe('CSV parser', () => {
  it('handles BOM, CRLF, quoted commas, doubled quotes, embedded newlines and blank lines', () => {
    expect(parseAll(tricky)).toEqual([
      { fields: ['id', 'text', 'n'], line: 1 },
      { fields: ['1', 'hello, world', '2.5'], line: 2 },
      { fields: ['2', 'say "hi"', '3'], line: 3 },
      { fields: ['3', 'two\nlines', ''], line: 5 },
      { fields: ['4', 'plain', '-1'], line: 7 },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = parseAll(tricky);
    for (const size of [1, 2, 3, 5, 7, 13]) expect(parseAll(tricky, size)).toEqual(whole);
  });

  it('keeps multi-byte UTF-8 characters split across chunks intact', () => {
    const rows = parseAll('a,b\nçé,"日本"\n', 1);
    expect(rows[1].fields).toEqual(['çé', '日本']);
  });

  it('accepts lone CR line ends and a last line without newline', () => {
    expect(parseAll('a,b\r1,2\r3,4').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('names the file and line of an unclosed quote', () => {
    expect(() => parseAll('a,b\n1,2\n3,"open\n4,5\n')).toThrow(
      'data.csv: line 3: a quoted field in the record starting here is never closed',
    );
  });

  it('names the file and line of text after a closing quote', () => {
    expect(() => parseAll('a,b\n1,2\n"x"y,3\n')).toThrow(
      /data\.csv: line 3: unexpected character 'y' after a closing quote/,
    );
  });
});

describe('CSV parser, numeric fields read while scanning', () => {
  const cells = [
    '-1.234567',
    '0.000001',
    '42',
    '-0',
    '0',
    '-0.0',
    '1.',
    '.5',
    '-.25',
    '123456789012345',
    '1234567890123456',
    '0.1234567890123456',
    '00012.50',
    '9007199254740993',
    '1e5',
    '-2.5E-3',
    '+3',
    ' 4',
    '5 ',
    'NA',
    '',
    'nan',
    '-inf',
    '1.2.3',
    '--1',
    '.',
    '-',
    'abc',
    '12a',
  ];
  for (let i = 0; i < 300; i++) {
    const x = Math.sin(i * 7.1) * 10 ** ((i % 9) - 3);
    cells.push(x.toFixed(i % 8), String(x), x.toPrecision(1 + (i % 17)));
  }

  function scan(chunkSize: number): { text: string; number: number; bytes: number }[] {
    const text = cells.map((c, i) => `${c},row${i},${c}`).join('\n');
    const out: { text: string; number: number; bytes: number }[] = [];
    const numeric = Uint8Array.from([1, 0, 0]);
    const parser = new CsvParser(
      'data.csv',
      (row) => {
        out.push({
          text: row.text(0),
          number: row.numbers[0],
          bytes: parseNumberBytes(row.buf, row.starts[0], row.ends[0]),
        });
        // Fields not marked numeric are never parsed.
        expect(row.numbers[1]).toBeNaN();
        expect(row.numbers[2]).toBeNaN();
      },
      44,
      undefined,
      () => numeric,
    );
    const data = Buffer.from(text);
    for (let i = 0; i < data.length; i += chunkSize) parser.push(data.subarray(i, i + chunkSize));
    parser.end();
    return out;
  }

  it.each([1, 7, 1 << 20])(
    'gives exactly the bytes parser’s number, or NaN to defer to it (chunks of %d)',
    (size) => {
      const out = scan(size);
      expect(out.map((o) => o.text)).toEqual(cells);
      for (const o of out) {
        if (!Number.isNaN(o.number)) expect(Object.is(o.number, o.bytes)).toBe(true);
      }
      // Plain decimals of up to 15 digits take the scan's path; the rest defer.
      const scanned = new Set(out.filter((o) => !Number.isNaN(o.number)).map((o) => o.text));
      for (const plain of ['-1.234567', '0.000001', '42', '-0', '1.', '.5', '-.25', '00012.50'])
        expect(scanned).toContain(plain);
      for (const other of ['1234567890123456', '1e5', '+3', ' 4', 'NA', '', '1.2.3', '.', '-'])
        expect(scanned).not.toContain(other);
    },
  );
});
