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
