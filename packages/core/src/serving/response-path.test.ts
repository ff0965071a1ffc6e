import { parseResponsePath, selectPath } from './response-path.js';

const select = (path: string, root: unknown) => selectPath(parseResponsePath(path), root);

describe('response-path', () => {
  it('names one value by fields, quoted names and indices (negative from the end)', () => {
    const answer = {
      result: {
        'pred-list': [
          [0.1, 0.9],
          [0.7, 0.3],
        ],
      },
      meta: { id: 'x' },
    };
    expect(select('$.result.pred-list', answer)).toEqual({
      value: [
        [0.1, 0.9],
        [0.7, 0.3],
      ],
    });
    expect(select('$[\'result\']["pred-list"][1]', answer)).toEqual({ value: [0.7, 0.3] });
    expect(select('$.result.pred-list[-1][0]', answer)).toEqual({ value: 0.7 });
    expect(select('$', [1, 2])).toEqual({ value: [1, 2] });
  });

  it('collects one value per item with [*] and .*', () => {
    const answer = { data: [{ score: 0.2 }, { score: 0.8 }, { score: 0.5 }] };
    expect(select('$.data[*].score', answer)).toEqual({ value: [0.2, 0.8, 0.5] });
    expect(select('$.scores.*', { scores: { a: 1, b: 2 } })).toEqual({ value: [1, 2] });
    expect(parseResponsePath('$.data[*].score').collects).toBe(true);
    expect(parseResponsePath('$.predictions').collects).toBe(false);
  });

  it('says where the walk found nothing', () => {
    expect(select('$.data[*].score', { data: [{ score: 1 }, { value: 2 }] })).toEqual({
      missing: '$.data[*].score',
    });
    expect(select('$.predictions', { outputs: [] })).toEqual({ missing: '$.predictions' });
    expect(select('$.data[5]', { data: [1] })).toEqual({ missing: '$.data[5]' });
    expect(select('$.data[0]', { data: { a: 1 } })).toEqual({ missing: '$.data[0]' });
  });

  it.each([
    ['predictions', 'it must start with $'],
    ['$.', "a field name must follow '.' at position 2"],
    ['$.data[*', "'[' at position 7 is not closed"],
    ['$.data[a]', "'[a]' is neither an index, * nor a quoted name"],
    ['$ .x', "unexpected ' ' at position 2"],
  ])('refuses %s naming the input and an example', (text, why) => {
    expect(() => parseResponsePath(text)).toThrow(
      `Input 'response-path': '${text}' is not a response path (${why}); write e.g. $.predictions or $.data[*].score.`,
    );
  });
});
