import { UserError } from '../inputs/user-error.js';

/**
 * A small JSONPath subset for `response-path`: where a home-made server puts its predictions.
 * `$` is the answer; `.name` or `['name']` a field; `[3]` an array item (negative counts from the
 * end); `[*]` or `.*` every item (or every value of an object). `$.predictions` names one
 * value; `$.data[*].score` collects one value per item, in order.
 */
export type PathStep = { field: string } | { index: number } | { every: true };

export interface ResponsePath {
  text: string;
  steps: PathStep[];
  /** Whether the path has a wildcard (so it yields a list of matches). */
  collects: boolean;
}

const INPUT = 'response-path';

export function parseResponsePath(text: string): ResponsePath {
  const source = text.trim();
  const bad = (why: string): never => {
    throw new UserError(
      `'${source}' is not a response path (${why}); write e.g. $.predictions or $.data[*].score.`,
      INPUT,
    );
  };
  if (!source.startsWith('$')) bad('it must start with $');
  const steps: PathStep[] = [];
  let i = 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '.') {
      const name = /^(\*|[A-Za-z_$][\w$-]*)/.exec(source.slice(i + 1))?.[1];
      if (!name) bad(`a field name must follow '.' at position ${i + 1}`);
      steps.push(name === '*' ? { every: true } : { field: name! });
      i += 1 + name!.length;
    } else if (c === '[') {
      const close = source.indexOf(']', i);
      if (close < 0) bad(`'[' at position ${i + 1} is not closed`);
      const inner = source.slice(i + 1, close).trim();
      const quoted = /^(['"])(.*)\1$/.exec(inner);
      if (inner === '*') steps.push({ every: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (quoted) steps.push({ field: quoted[2] });
      else bad(`'[${inner}]' is neither an index, * nor a quoted name`);
      i = close + 1;
    } else {
      bad(`unexpected '${c}' at position ${i + 1}`);
    }
  }
  return { text: source, steps, collects: steps.some((s) => 'every' in s) };
}

/**
 * The value the path names in `root`, or, with a wildcard, the list of every match. Returns
 * `{ missing }` (where the walk stopped, as a path prefix) instead when a step finds nothing.
 */
export function selectPath(
  path: ResponsePath,
  root: unknown,
): { value: unknown } | { missing: string } {
  let current: unknown[] = [root];
  let walked = '$';
  for (const step of path.steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if ('every' in step) {
        if (Array.isArray(value)) next.push(...value);
        else if (isObject(value)) next.push(...Object.values(value));
        else return { missing: `${walked}[*]` };
      } else if ('index' in step) {
        if (!Array.isArray(value)) return { missing: `${walked}[${step.index}]` };
        const item = value.at(step.index);
        if (item === undefined) return { missing: `${walked}[${step.index}]` };
        next.push(item);
      } else {
        if (!isObject(value) || !(step.field in value))
          return { missing: `${walked}.${step.field}` };
        next.push(value[step.field]);
      }
    }
    walked +=
      'every' in step
        ? '[*]'
        : 'index' in step
          ? `[${step.index}]`
          : `.${(step as { field: string }).field}`;
    current = next;
  }
  return { value: path.collects ? current : current[0] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
