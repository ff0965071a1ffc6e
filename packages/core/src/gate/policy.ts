import { existsSync, statSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { readInputFile, resolveInputPath } from '../inputs/input-files.js';
import { UserError } from '../inputs/user-error.js';

/**
 * Gate policy (DESIGN.md "Gate policy"): a list of rules, each naming a metric and one or
 * more limits. A rule with several limits is checked once per limit.
 */

export type Severity = 'failure' | 'warning';
export type LimitKind =
  'min' | 'max' | 'max-drop' | 'max-drop-pct' | 'max-increase' | 'max-increase-pct';

export const LIMIT_KINDS: readonly LimitKind[] = [
  'min',
  'max',
  'max-drop',
  'max-drop-pct',
  'max-increase',
  'max-increase-pct',
];
/** Limits that compare with the baseline (a drop: higher is better; an increase: lower is better). */
export const BASELINE_KINDS: readonly LimitKind[] = [
  'max-drop',
  'max-drop-pct',
  'max-increase',
  'max-increase-pct',
];
export type OnMissingBaseline = 'fail' | 'skip';
const RULE_KEYS = [
  'metric',
  'severity',
  'description',
  'on-missing-baseline',
  'confidence',
  ...LIMIT_KINDS,
];
const TOP_LEVEL_KEYS = ['rules', 'on-missing-baseline'];

export interface PolicyRule {
  /** 1-based position in the policy, for messages. */
  index: number;
  metric: string;
  severity: Severity;
  description?: string;
  limits: Partial<Record<LimitKind, number>>;
  /**
   * What a baseline rule does when there is no baseline (or it lacks the metric): fail (the
   * default) or skip. The rule's own setting, else the policy's top-level one.
   */
  onMissingBaseline: OnMissingBaseline;
  /**
   * Confidence level (0.5 to 0.999) of a significance-aware rule: `min`/`max` use the
   * bootstrap interval of the metric, baseline rules a paired test (needs per-row predictions).
   */
  confidence?: number;
}

export interface Policy {
  source: string;
  rules: PolicyRule[];
  onMissingBaseline: OnMissingBaseline;
}

function parseOnMissing(
  value: unknown,
  where: string,
  fail: (msg: string) => never,
): OnMissingBaseline {
  if (value !== 'fail' && value !== 'skip') {
    fail(`${where}: 'on-missing-baseline' must be fail or skip, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRule(
  raw: unknown,
  index: number,
  fail: (msg: string) => never,
  policyOnMissing: OnMissingBaseline,
): PolicyRule {
  const where = `rule ${index}`;
  if (!isRecord(raw)) fail(`${where} must be a mapping like {metric: accuracy, min: 0.9}.`);
  const unknown = Object.keys(raw).filter((k) => !RULE_KEYS.includes(k));
  if (unknown.length) {
    fail(
      `${where} has unknown key(s) ${unknown.map((k) => `'${k}'`).join(', ')}; allowed: ${RULE_KEYS.join(', ')}.`,
    );
  }
  if (typeof raw.metric !== 'string' || raw.metric.trim() === '') {
    fail(`${where} needs a 'metric' naming a key of the metrics file.`);
  }
  const severity = raw.severity ?? 'failure';
  if (severity !== 'failure' && severity !== 'warning') {
    fail(`${where} has severity '${String(severity)}'; use failure or warning.`);
  }
  const limits: PolicyRule['limits'] = {};
  for (const kind of LIMIT_KINDS) {
    if (!(kind in raw)) continue;
    const value = raw[kind];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      fail(`${where} (${raw.metric}): '${kind}' must be a number, got ${JSON.stringify(value)}.`);
    }
    if (BASELINE_KINDS.includes(kind) && value < 0) {
      fail(`${where} (${raw.metric}): '${kind}' must not be negative.`);
    }
    limits[kind] = value;
  }
  if (Object.keys(limits).length === 0) {
    fail(`${where} (${raw.metric}) sets no limit; give at least one of ${LIMIT_KINDS.join(', ')}.`);
  }
  if (limits.min !== undefined && limits.max !== undefined && limits.min > limits.max) {
    fail(`${where} (${raw.metric}): min ${limits.min} is above max ${limits.max}.`);
  }
  const description = typeof raw.description === 'string' ? raw.description : undefined;
  const onMissingBaseline =
    'on-missing-baseline' in raw
      ? parseOnMissing(raw['on-missing-baseline'], `${where} (${raw.metric})`, fail)
      : policyOnMissing;
  const rule: PolicyRule = {
    index,
    metric: raw.metric.trim(),
    severity,
    description,
    limits,
    onMissingBaseline,
  };
  if ('confidence' in raw) {
    const c = raw.confidence;
    if (typeof c !== 'number' || !(c >= 0.5 && c <= 0.999)) {
      fail(
        `${where} (${raw.metric}): 'confidence' must be a number from 0.5 to 0.999 (e.g. 0.95), got ${JSON.stringify(c)}.`,
      );
    }
    rule.confidence = c;
  }
  return rule;
}

/** How many alias expansions a policy may use (yaml's maxAliasCount). */
const MAX_ALIAS_COUNT = 100;

/** Parses policy YAML; `source` names where it came from in error messages. */
export function parsePolicy(text: string, source: string, input = 'policy'): Policy {
  const fail = (message: string): never => {
    throw new UserError(`${source}: ${message}`, input);
  };
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const at = e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    fail(`is not valid YAML${at}: ${e.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    // maxAliasCount bounds what aliases may expand to (a "billion laughs" bomb is a few
    // lines of YAML); an alias to an anchor that was never set is refused here too.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    if (/alias/i.test(message)) {
      fail(
        /excessive/i.test(message)
          ? `uses YAML aliases (*name) that expand too far (a policy may use at most ${MAX_ALIAS_COUNT} alias expansions); write the rules out.`
          : `is not valid YAML: ${message}`,
      );
    }
    throw error;
  }
  if (!isRecord(data) || !('rules' in data)) {
    fail("must be a mapping with a 'rules' list, e.g. rules: [{metric: accuracy, min: 0.9}].");
  }
  const body = data as Record<string, unknown>;
  const extra = Object.keys(body).filter((k) => !TOP_LEVEL_KEYS.includes(k));
  if (extra.length) {
    fail(
      `has unknown top-level key(s) ${extra.join(', ')}; allowed: ${TOP_LEVEL_KEYS.join(', ')}.`,
    );
  }
  const onMissingBaseline =
    'on-missing-baseline' in body
      ? parseOnMissing(body['on-missing-baseline'], 'top level', fail)
      : 'fail';
  if (!Array.isArray(body.rules) || body.rules.length === 0) {
    fail("'rules' must be a non-empty list.");
  }
  const rules = (body.rules as unknown[]).map((raw, i) =>
    parseRule(raw, i + 1, fail, onMissingBaseline),
  );
  return { source, rules, onMissingBaseline };
}

/**
 * Reads the `policy` input: a path to a YAML file, or the YAML itself. A single line
 * without a colon is taken as a path, so a mistyped file name is reported as missing
 * rather than as strange YAML.
 */
export async function loadPolicy(input: string, value: string): Promise<Policy> {
  const file = resolveInputPath(value);
  const looksLikeYaml = value.includes('\n') || value.includes(':');
  if (!looksLikeYaml || (existsSync(file) && statSync(file).isFile())) {
    return parsePolicy(await readInputFile(input, value), value, input);
  }
  return parsePolicy(value, 'inline policy', input);
}
