export const id = 934;
export const ids = [934];
export const modules = {

/***/ 64934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  validateBeforeDeploy: () => (/* binding */ validateBeforeDeploy)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/core/src/inputs/user-error.ts
var user_error = __webpack_require__(15403);
;// CONCATENATED MODULE: ./packages/core/src/report/format-number.ts
/**
 * THE number formatter of the suite: every number a person reads in a report, comment,
 * summary or log line is formatted here, so one metric reads the same everywhere.
 * Pure: no imports.
 */
/** Up to `digits` significant digits without float noise or trailing zeros (0.1 + 0.2 → "0.3"). */
function formatSignificant(n, digits) {
    return String(Number(n.toPrecision(digits)));
}
/**
 * A metric value, limit or delta (gate): integers exactly, others to 6 significant digits;
 * ∞, -∞ and NaN spelled out.
 */
function formatMetric(n) {
    if (!Number.isFinite(n))
        return n > 0 ? '∞' : n < 0 ? '-∞' : 'NaN';
    if (Number.isInteger(n))
        return String(n);
    return formatSignificant(n, 6);
}
/**
 * A statistic in a report table (drift): 4 significant digits, tiny values (p-values) in
 * exponent form, a dash for a missing value.
 */
function formatNumber(value) {
    if (value === null || value === undefined || Number.isNaN(value))
        return '–';
    if (!Number.isFinite(value))
        return value > 0 ? '∞' : '−∞';
    if (value !== 0 && Math.abs(value) < 1e-3)
        return value.toExponential(2);
    return formatSignificant(value, 4);
}
/**
 * A measured value in text (smoke summary, step outputs such as `latency-ms-p95`, log lines):
 * integers exactly, others to 4 significant digits as a plain number (3.9587621 → "3.959"),
 * so an output still parses as a number. JSON files keep full precision.
 */
function formatMeasurement(n) {
    if (!Number.isFinite(n))
        return n > 0 ? '∞' : n < 0 ? '-∞' : 'NaN';
    if (Number.isInteger(n))
        return String(n);
    return formatSignificant(n, 4);
}
/** A share in [0, 1] as a percentage with one decimal: 0.25 → "25 %". */
function formatPercent(share) {
    return `${Number((share * 100).toFixed(1))} %`;
}
/** A count with thousands separators: 12345 → "12,345". */
function formatCount(n) {
    return n.toLocaleString('en-US');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./packages/core/src/inputs/input-files.ts
var input_files = __webpack_require__(66473);
;// CONCATENATED MODULE: ./packages/core/src/gate/policy.ts




const LIMIT_KINDS = [
    'min',
    'max',
    'max-drop',
    'max-drop-pct',
    'max-increase',
    'max-increase-pct',
];
/** Limits that compare with the baseline (a drop: higher is better; an increase: lower is better). */
const BASELINE_KINDS = [
    'max-drop',
    'max-drop-pct',
    'max-increase',
    'max-increase-pct',
];
const RULE_KEYS = [
    'metric',
    'severity',
    'description',
    'on-missing-baseline',
    'confidence',
    ...LIMIT_KINDS,
];
const TOP_LEVEL_KEYS = ['rules', 'on-missing-baseline'];
function parseOnMissing(value, where, fail) {
    if (value !== 'fail' && value !== 'skip') {
        fail(`${where}: 'on-missing-baseline' must be fail or skip, got ${JSON.stringify(value)}.`);
    }
    return value;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function parseRule(raw, index, fail, policyOnMissing) {
    const where = `rule ${index}`;
    if (!isRecord(raw))
        fail(`${where} must be a mapping like {metric: accuracy, min: 0.9}.`);
    const unknown = Object.keys(raw).filter((k) => !RULE_KEYS.includes(k));
    if (unknown.length) {
        fail(`${where} has unknown key(s) ${unknown.map((k) => `'${k}'`).join(', ')}; allowed: ${RULE_KEYS.join(', ')}.`);
    }
    if (typeof raw.metric !== 'string' || raw.metric.trim() === '') {
        fail(`${where} needs a 'metric' naming a key of the metrics file.`);
    }
    const severity = raw.severity ?? 'failure';
    if (severity !== 'failure' && severity !== 'warning') {
        fail(`${where} has severity '${String(severity)}'; use failure or warning.`);
    }
    const limits = {};
    for (const kind of LIMIT_KINDS) {
        if (!(kind in raw))
            continue;
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
    const onMissingBaseline = 'on-missing-baseline' in raw
        ? parseOnMissing(raw['on-missing-baseline'], `${where} (${raw.metric})`, fail)
        : policyOnMissing;
    const rule = {
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
            fail(`${where} (${raw.metric}): 'confidence' must be a number from 0.5 to 0.999 (e.g. 0.95), got ${JSON.stringify(c)}.`);
        }
        rule.confidence = c;
    }
    return rule;
}
/** How many alias expansions a policy may use (yaml's maxAliasCount). */
const MAX_ALIAS_COUNT = 100;
/** Parses policy YAML; `source` names where it came from in error messages. */
function parsePolicy(text, source, input = 'policy') {
    const fail = (message) => {
        throw new user_error/* UserError */.yo(`${source}: ${message}`, input);
    };
    const doc = (0,dist/* parseDocument */.Tp)(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length) {
        const e = doc.errors[0];
        const at = e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
        fail(`is not valid YAML${at}: ${e.message.split('\n')[0]}`);
    }
    let data;
    try {
        // maxAliasCount bounds what aliases may expand to (a "billion laughs" bomb is a few
        // lines of YAML); an alias to an anchor that was never set is refused here too.
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    catch (error) {
        const message = String(error?.message ?? error).split('\n')[0];
        if (/alias/i.test(message)) {
            fail(/excessive/i.test(message)
                ? `uses YAML aliases (*name) that expand too far (a policy may use at most ${MAX_ALIAS_COUNT} alias expansions); write the rules out.`
                : `is not valid YAML: ${message}`);
        }
        throw error;
    }
    if (!isRecord(data) || !('rules' in data)) {
        fail("must be a mapping with a 'rules' list, e.g. rules: [{metric: accuracy, min: 0.9}].");
    }
    const body = data;
    const extra = Object.keys(body).filter((k) => !TOP_LEVEL_KEYS.includes(k));
    if (extra.length) {
        fail(`has unknown top-level key(s) ${extra.join(', ')}; allowed: ${TOP_LEVEL_KEYS.join(', ')}.`);
    }
    const onMissingBaseline = 'on-missing-baseline' in body
        ? parseOnMissing(body['on-missing-baseline'], 'top level', fail)
        : 'fail';
    if (!Array.isArray(body.rules) || body.rules.length === 0) {
        fail("'rules' must be a non-empty list.");
    }
    const rules = body.rules.map((raw, i) => parseRule(raw, i + 1, fail, onMissingBaseline));
    return { source, rules, onMissingBaseline };
}
/**
 * Reads the `policy` input: a path to a YAML file, or the YAML itself. A single line
 * without a colon is taken as a path, so a mistyped file name is reported as missing
 * rather than as strange YAML.
 */
async function loadPolicy(input, value) {
    const file = (0,input_files/* resolveInputPath */.qL)(value);
    const looksLikeYaml = value.includes('\n') || value.includes(':');
    if (!looksLikeYaml || ((0,external_node_fs_.existsSync)(file) && (0,external_node_fs_.statSync)(file).isFile())) {
        return parsePolicy(await (0,input_files/* readInputFile */.jH)(input, value), value, input);
    }
    return parsePolicy(value, 'inline policy', input);
}

;// CONCATENATED MODULE: ./packages/core/src/stats/quantiles.ts
/**
 * The one place quantiles and ranks are computed (numpy's definitions), on sorted typed arrays:
 * the numeric bin edges, the anomaly median/MAD, and quantiles and ranks of a sketch's weighted
 * items all come from here.
 *
 * Hand-written rather than simple-statistics' `quantileSorted` (which implements the same type-7
 * definition, checked against it in quantiles.test.ts): bin edges must equal numpy's bit for bit
 * (a value equal to an edge decides its bin), and numpy interpolates from the nearer end
 * (`b − (b − a)(1 − t)` when t ≥ 0.5) where simple-statistics always goes from `a`; these run over
 * Float64Arrays of millions of values; and sketches need weighted quantiles, which it lacks.
 */
/** numpy's default (`linear`, type 7) quantile of sorted values, with its two-sided interpolation. */
function quantileSorted(sorted, q) {
    const n = sorted.length;
    const virtual = (n - 1) * q;
    if (virtual >= n - 1)
        return sorted[n - 1];
    if (virtual < 0)
        return sorted[0];
    const lo = Math.floor(virtual);
    const t = virtual - lo;
    const a = sorted[lo];
    const b = sorted[lo + 1];
    const diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
/** numpy's `median`: the middle value, or the mean of the two middle values. */
function medianSorted(sorted) {
    const n = sorted.length;
    const mid = n >> 1;
    return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** Number of values <= x in a sorted array (binary search): the rank numpy's searchsorted(side='right') gives. */
function countAtMost(sorted, x) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/** Weight of values <= x in a (possibly weighted) sorted sample. */
function weightAtMost(d, x) {
    const k = countAtMost(d.values, x);
    if (!d.weights)
        return k;
    let w = 0;
    for (let i = 0; i < k; i++)
        w += d.weights[i];
    return w;
}
/**
 * Quantile of a distribution: numpy-linear for raw values; for a sketch's weighted items, the
 * value whose cumulative weight first reaches q·count (within the sketch's rank error).
 */
function distributionQuantile(d, q) {
    if (!d.weights)
        return quantileSorted(d.values, q);
    const target = q * d.count;
    let acc = 0;
    for (let i = 0; i < d.values.length; i++) {
        acc += d.weights[i];
        if (acc >= target)
            return d.values[i];
    }
    return d.values[d.values.length - 1];
}

;// CONCATENATED MODULE: ./packages/core/src/stats/bootstrap.ts

/**
 * Percentile bootstrap (Efron): resample the n rows with replacement B times, compute the
 * statistic on each resample, and take the (1 − c)/2 and (1 + c)/2 quantiles (numpy's linear
 * definition, as `scipy.stats.bootstrap(..., method='percentile')` does) of the B values.
 * Seeded, so the same data and seed always give the same interval. Pure.
 *
 * The paired form draws ONE set of row indices per resample and evaluates both models on
 * it, so the interval of a difference accounts for the rows the models share.
 */
/** Small seeded PRNG (mulberry32): uniform in [0, 1). stats/ may not import data/sampling.ts. */
function bootstrapRandom(seed) {
    let a = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
/** Index arrays with replacement: `statistic` receives the row indices of one resample. */
function bootstrapDistribution(n, statistic, resamples, seed) {
    if (!(n >= 1))
        throw new RangeError('bootstrap: no rows.');
    if (!(resamples >= 1))
        throw new RangeError('bootstrap: resamples must be at least 1.');
    const random = bootstrapRandom(seed);
    const rows = new Uint32Array(n);
    const values = new Float64Array(resamples);
    let valid = 0;
    for (let b = 0; b < resamples; b++) {
        for (let i = 0; i < n; i++)
            rows[i] = Math.floor(random() * n);
        const v = statistic(rows);
        if (!Number.isNaN(v))
            values[valid++] = v;
    }
    return values.slice(0, valid).sort();
}
/** The percentile interval of a sorted bootstrap distribution. */
function percentileInterval(sorted, confidence) {
    if (sorted.length === 0)
        return [Number.NaN, Number.NaN];
    const alpha = 1 - confidence;
    return [quantileSorted(sorted, alpha / 2), quantileSorted(sorted, 1 - alpha / 2)];
}
const ALL_ROWS = new Map();
function identity(n) {
    let rows = ALL_ROWS.get(n);
    if (!rows) {
        rows = Uint32Array.from({ length: n }, (_, i) => i);
        if (ALL_ROWS.size < 8)
            ALL_ROWS.set(n, rows);
    }
    return rows;
}
/** Percentile bootstrap interval of `statistic` over n rows. */
function bootstrapInterval(n, statistic, options) {
    const distribution = bootstrapDistribution(n, statistic, options.resamples, options.seed);
    const [low, high] = distribution.length * 2 >= options.resamples
        ? percentileInterval(distribution, options.confidence)
        : [Number.NaN, Number.NaN];
    return { estimate: statistic(identity(n)), low, high, valid: distribution.length, distribution };
}
/**
 * Paired bootstrap of `a(rows) − b(rows)`: both statistics are computed on the same resampled
 * rows (the rows must be the same examples, in the same order, on both sides).
 */
function pairedBootstrap(n, a, b, options) {
    const difference = (rows) => a(rows) - b(rows);
    const interval = bootstrapInterval(n, difference, options);
    const d = interval.distribution;
    let below = 0;
    let above = 0;
    for (const v of d) {
        if (v <= 0)
            below++;
        if (v >= 0)
            above++;
    }
    const share = Math.min(below, above) / Math.max(1, d.length);
    const pValue = d.length === 0 ? Number.NaN : Math.min(1, Math.max(2 * share, 1 / d.length));
    return { ...interval, pValue };
}

;// CONCATENATED MODULE: ./packages/core/src/stats/special-functions.ts
/**
 * Special functions for p-values, written for relative accuracy in the far tails (a p-value of
 * 1e-30 is computed as such, not as 1 - 0.999…): log-gamma (Lanczos, g = 7, 9 terms, ~1e-15),
 * the regularized incomplete gamma functions (series below a + 1, Lentz continued fraction above),
 * and from them the chi-square and normal survival functions.
 */
const LANCZOS_G = 7;
const LANCZOS = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.9189385332046728;
/** ln Γ(x) for x > 0. */
function logGamma(x) {
    if (x < 0.5)
        return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    const z = x - 1;
    let a = LANCZOS[0];
    const t = z + LANCZOS_G + 0.5;
    for (let i = 1; i < LANCZOS.length; i++)
        a += LANCZOS[i] / (z + i);
    return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;
/** P(a, x) by its power series; converges fast for x < a + 1. */
function gammaPSeries(a, x) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPS)
            break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}
/** Q(a, x) by its continued fraction (modified Lentz); converges fast for x >= a + 1. */
function gammaQContinuedFraction(a, x) {
    let b = x + 1 - a;
    let c = 1 / TINY;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < MAX_ITERATIONS; i++) {
        const an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (Math.abs(d) < TINY)
            d = TINY;
        c = b + an / c;
        if (Math.abs(c) < TINY)
            c = TINY;
        d = 1 / d;
        const delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < EPS)
            break;
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}
/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). */
function gammaQ(a, x) {
    if (!(a > 0) || Number.isNaN(x))
        return NaN;
    if (x <= 0)
        return 1;
    if (x === Infinity)
        return 0;
    return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQContinuedFraction(a, x);
}
/** Survival function of the chi-square distribution: P(X >= x) with `df` degrees of freedom. */
function chiSquareSf(x, df) {
    return gammaQ(df / 2, x / 2);
}
/** P(Z >= z) for a standard normal Z, accurate deep into both tails (erfc through Q(1/2, z²/2)). */
function normalSf(z) {
    if (Number.isNaN(z))
        return NaN;
    if (z === 0)
        return 0.5;
    const tail = 0.5 * gammaQ(0.5, (z * z) / 2);
    return z > 0 ? tail : 1 - tail;
}

;// CONCATENATED MODULE: ./packages/core/src/stats/mcnemar.ts

/** ln C(n, k) */
function logChoose(n, k) {
    return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}
/** P(X ≤ k) for X ~ Binomial(n, ½), summed in log space (exact to rounding for any n). */
function binomialHalfCdf(k, n) {
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    const logHalfN = -n * Math.LN2;
    let max = -Infinity;
    const terms = [];
    for (let i = 0; i <= k; i++) {
        const t = logChoose(n, i) + logHalfN;
        terms.push(t);
        if (t > max)
            max = t;
    }
    let sum = 0;
    for (const t of terms)
        sum += Math.exp(t - max);
    return Math.min(1, Math.exp(max + Math.log(sum)));
}
/** Two-sided exact binomial test with p = ½ (scipy.stats.binomtest(k, n, 0.5).pvalue). */
function binomTestHalf(k, n) {
    if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) {
        throw new RangeError(`binomTestHalf: need integers 0 <= k <= n, got k=${k}, n=${n}.`);
    }
    if (n === 0)
        return 1;
    // Symmetric at p = ½: the outcomes at least as unlikely as k are those at most min(k, n−k)
    // from either end.
    const m = Math.min(k, n - k);
    if (2 * m === n)
        return 1;
    return Math.min(1, 2 * binomialHalfCdf(m, n));
}
/** McNemar's exact test from per-row correctness of two models on the same rows. */
function mcnemarExact(firstCorrect, secondCorrect) {
    if (firstCorrect.length !== secondCorrect.length) {
        throw new RangeError(`mcnemarExact: lengths differ (${firstCorrect.length} vs ${secondCorrect.length}).`);
    }
    let onlyFirst = 0;
    let onlySecond = 0;
    for (let i = 0; i < firstCorrect.length; i++) {
        if (firstCorrect[i] && !secondCorrect[i])
            onlyFirst++;
        else if (!firstCorrect[i] && secondCorrect[i])
            onlySecond++;
    }
    return { onlyFirst, onlySecond, pValue: binomTestHalf(onlyFirst, onlyFirst + onlySecond) };
}

;// CONCATENATED MODULE: ./packages/core/src/stats/row-metrics.ts
/**
 * Metrics recomputed from per-row predictions over any subset of rows (a bootstrap resample
 * is a list of row indices, repeats allowed), and per-class precision/recall/F1/support.
 * sklearn's definitions (`zero_division=0`), like classification-metrics.ts. Pure.
 */
/**
 * Per-class scores from a confusion matrix (rows = true class), for every class of the
 * matrix, as `sklearn.metrics.precision_recall_fscore_support(labels=range(K), zero_division=0)`.
 */
function perClassScores(matrix) {
    const k = matrix.length;
    const out = [];
    for (let c = 0; c < k; c++) {
        let predicted = 0;
        let actual = 0;
        for (let i = 0; i < k; i++) {
            predicted += matrix[i][c];
            actual += matrix[c][i];
        }
        const tp = matrix[c][c];
        const precision = predicted === 0 ? 0 : tp / predicted;
        const recall = actual === 0 ? 0 : tp / actual;
        const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
        out.push({ precision, recall, f1, support: actual });
    }
    return out;
}
function confusion(rows, subset) {
    const k = rows.classNames.length;
    const m = Array.from({ length: k }, () => new Array(k).fill(0));
    for (let j = 0; j < subset.length; j++) {
        const i = subset[j];
        m[rows.truth[i]][rows.predicted[i]]++;
    }
    return m;
}
function macro(matrix, pick) {
    // sklearn's macro average runs over the labels present in y_true or y_pred.
    const scores = perClassScores(matrix);
    let sum = 0;
    let present = 0;
    scores.forEach((s, c) => {
        let predicted = 0;
        for (const row of matrix)
            predicted += row[c];
        if (s.support === 0 && predicted === 0)
            return;
        present++;
        sum += pick(s);
    });
    return present === 0 ? Number.NaN : sum / present;
}
const CLASS_METRICS = ['accuracy', 'error_rate', 'precision_macro', 'recall_macro', 'f1_macro'];
const REGRESSION_METRICS = ['mae', 'rmse', 'mse', 'mape', 'r2'];
/**
 * A function computing `name` on a subset of rows, or undefined when `name` cannot be
 * recomputed from per-row predictions (latency, log_loss, …). Names: accuracy, error_rate,
 * precision_macro, recall_macro, f1_macro, per_class.<label>.{precision,recall,f1};
 * regression: mae, rmse, mse, mape, r2.
 */
function rowMetric(rows, name) {
    if (rows.kind === 'regression') {
        if (!REGRESSION_METRICS.includes(name))
            return undefined;
        const { truth, predicted } = rows;
        return (subset) => {
            const n = subset.length;
            if (n === 0)
                return Number.NaN;
            let abs = 0;
            let sq = 0;
            let pct = 0;
            let mean = 0;
            for (let j = 0; j < n; j++)
                mean += truth[subset[j]];
            mean /= n;
            let total = 0;
            for (let j = 0; j < n; j++) {
                const i = subset[j];
                const e = truth[i] - predicted[i];
                abs += Math.abs(e);
                sq += e * e;
                pct += Math.abs(e) / Math.max(Math.abs(truth[i]), Number.EPSILON);
                total += (truth[i] - mean) ** 2;
            }
            switch (name) {
                case 'mae':
                    return abs / n;
                case 'mse':
                    return sq / n;
                case 'rmse':
                    return Math.sqrt(sq / n);
                case 'mape':
                    return pct / n;
                default:
                    return total === 0 ? Number.NaN : 1 - sq / total;
            }
        };
    }
    const perClass = /^per_class\.(.+)\.(precision|recall|f1)$/.exec(name);
    if (perClass) {
        const c = rows.classNames.indexOf(perClass[1]);
        if (c < 0)
            return undefined;
        const field = perClass[2];
        return (subset) => perClassScores(confusion(rows, subset))[c][field];
    }
    if (!CLASS_METRICS.includes(name))
        return undefined;
    if (name === 'accuracy' || name === 'error_rate') {
        const hit = new Uint8Array(rows.truth.length);
        for (let i = 0; i < hit.length; i++)
            hit[i] = rows.truth[i] === rows.predicted[i] ? 1 : 0;
        return (subset) => {
            if (subset.length === 0)
                return Number.NaN;
            let hits = 0;
            for (let j = 0; j < subset.length; j++)
                hits += hit[subset[j]];
            const acc = hits / subset.length;
            return name === 'accuracy' ? acc : 1 - acc;
        };
    }
    const field = name === 'precision_macro' ? 'precision' : name === 'recall_macro' ? 'recall' : 'f1';
    return (subset) => macro(confusion(rows, subset), (s) => s[field]);
}
/** Names rowMetric can recompute for these rows (for error messages). */
function rowMetricNames(rows) {
    if (rows.kind === 'regression')
        return [...REGRESSION_METRICS];
    return [...CLASS_METRICS, 'per_class.<label>.precision|recall|f1'];
}

;// CONCATENATED MODULE: ./packages/core/src/gate/significance.ts




/**
 * Significance for rules with `confidence` (docs/gate.md "Significance-aware rules"):
 * - min/max: the percentile-bootstrap interval of the metric over the candidate's rows;
 * - baseline rules: a paired test on the rows both prediction files share — exact McNemar
 *   for accuracy and error_rate, a paired bootstrap for the other metrics — and the paired
 *   bootstrap interval of the difference (candidate − baseline).
 */
/** Resamples and seed of every bootstrap the gate runs (fixed: the same files give the same verdict). */
const GATE_BOOTSTRAP = { resamples: 2000, seed: 1 };
function metricFunction(predictions, metric, rule, input) {
    const f = rowMetric(predictions.rows, metric);
    if (!f) {
        throw new user_error/* UserError */.yo(`policy rule ${rule} asks for a confidence on '${metric}', which cannot be recomputed from the per-row predictions in '${predictions.source}'; confidence works for ${rowMetricNames(predictions.rows).join(', ')}.`, input);
    }
    return f;
}
/** Bootstrap interval of `metric` on the candidate's rows. */
function metricInterval(predictions, metric, confidence, rule, input = 'predictions') {
    const f = metricFunction(predictions, metric, rule, input);
    const n = predictions.keys.length;
    const result = bootstrapInterval(n, f, { confidence, ...GATE_BOOTSTRAP });
    return { confidence, interval: [result.low, result.high], test: 'bootstrap' };
}
/** The candidate's and the baseline's rows, paired (same ids, or same row numbers). */
function pairRows(candidate, baseline, input = 'baseline-predictions') {
    const byId = candidate.byId && baseline.byId;
    const where = new Map();
    baseline.keys.forEach((k, i) => where.set(k, i));
    if (candidate.keys.length !== baseline.keys.length ||
        candidate.rows.kind !== baseline.rows.kind ||
        candidate.keys.some((k) => !where.has(k))) {
        throw new user_error/* UserError */.yo(`'${baseline.source}' does not hold the same labeled rows as '${candidate.source}' (${baseline.keys.length} vs ${candidate.keys.length} rows, matched by ${byId ? 'id' : 'row number'}); run both models on the same data with the same max-rows and seed.`, input);
    }
    const order = candidate.keys.map((k) => where.get(k));
    const c = candidate.rows;
    const b = baseline.rows;
    if (c.kind === 'classification' && b.kind === 'classification') {
        if (c.classNames.join('\u0000') !== b.classNames.join('\u0000')) {
            throw new user_error/* UserError */.yo(`'${baseline.source}' has classes ${b.classNames.join(', ')} but '${candidate.source}' has ${c.classNames.join(', ')}.`, input);
        }
        const truth = Int32Array.from(order, (j) => b.truth[j]);
        if (truth.some((t, i) => t !== c.truth[i])) {
            throw new user_error/* UserError */.yo(`'${baseline.source}' and '${candidate.source}' give different labels for the same rows; they were not run on the same data.`, input);
        }
        return {
            candidate: c,
            baseline: { ...b, truth, predicted: Int32Array.from(order, (j) => b.predicted[j]) },
        };
    }
    if (c.kind === 'regression' && b.kind === 'regression') {
        const truth = Float64Array.from(order, (j) => b.truth[j]);
        if (truth.some((t, i) => t !== c.truth[i])) {
            throw new user_error/* UserError */.yo(`'${baseline.source}' and '${candidate.source}' give different labels for the same rows; they were not run on the same data.`, input);
        }
        return {
            candidate: c,
            baseline: { ...b, truth, predicted: Float64Array.from(order, (j) => b.predicted[j]) },
        };
    }
    throw new user_error/* UserError */.yo(`'${baseline.source}' and '${candidate.source}' are of different tasks.`, input);
}
/** Paired test of candidate − baseline on `metric`. */
function pairedDifference(candidate, baseline, metric, confidence, rule) {
    const paired = pairRows(candidate, baseline);
    const wrap = (rows) => ({ ...candidate, rows });
    const a = metricFunction(wrap(paired.candidate), metric, rule, 'predictions');
    const b = metricFunction(wrap(paired.baseline), metric, rule, 'baseline-predictions');
    const n = candidate.keys.length;
    const boot = pairedBootstrap(n, a, b, { confidence, ...GATE_BOOTSTRAP });
    const interval = [boot.low, boot.high];
    if ((metric === 'accuracy' || metric === 'error_rate') &&
        paired.candidate.kind === 'classification' &&
        paired.baseline.kind === 'classification') {
        const pc = paired.candidate;
        const pb = paired.baseline;
        const right = (r) => Array.from(r.truth, (t, i) => t === r.predicted[i]);
        const test = mcnemarExact(right(pc), right(pb));
        return { confidence, interval, pValue: test.pValue, test: 'mcnemar' };
    }
    return { confidence, interval, pValue: boot.pValue, test: 'paired-bootstrap' };
}

;// CONCATENATED MODULE: ./packages/core/src/gate/evaluate.ts




// Metrics round-trip through JSON and arithmetic: 0.93 - 0.92 is 0.010000000000000009, which
// must not fail "max-drop: 0.01". Comparisons allow this much relative slack.
const RELATIVE_SLACK = 1e-9;
function within(value, limit, direction) {
    const slack = RELATIVE_SLACK * Math.max(1, Math.abs(value), Math.abs(limit));
    return direction === 'le' ? value <= limit + slack : value >= limit - slack;
}
/** Every numeric leaf as a dotted path, for "metrics that exist" messages. */
function listMetricNames(metrics, prefix = '') {
    const names = [];
    for (const [key, value] of Object.entries(metrics)) {
        const name = prefix ? `${prefix}.${key}` : key;
        if (typeof value === 'number')
            names.push(name);
        else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
            names.push(...listMetricNames(value, name));
        }
    }
    return names;
}
/** Looks a metric up by exact key first (keys may contain dots), then as a dotted path. */
function lookupMetric(metrics, name) {
    if (Object.hasOwn(metrics, name))
        return { found: true, value: metrics[name] };
    let node = metrics;
    for (const part of name.split('.')) {
        if (typeof node !== 'object' ||
            node === null ||
            Array.isArray(node) ||
            !Object.hasOwn(node, part)) {
            return { found: false, value: undefined };
        }
        node = node[part];
    }
    return { found: true, value: node };
}
function numericMetric(file, input, name, rule) {
    const { found, value } = lookupMetric(file.metrics, name);
    if (!found)
        return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
        const got = typeof value === 'number'
            ? `${value}` // Infinity: a number beyond ±1.8e308 in the file
            : typeof value === 'string'
                ? `${JSON.stringify(value)} (a string)`
                : JSON.stringify(value);
        throw new user_error/* UserError */.yo(`metric '${name}' (policy rule ${rule.index}) in '${file.source}' is not a finite number: got ${got}.`, input);
    }
    return value;
}
function describeAvailable(file) {
    const names = listMetricNames(file.metrics);
    if (names.length === 0)
        return 'the file has no numeric metrics';
    const shown = names.slice(0, 30).join(', ');
    return `metrics in the file: ${shown}${names.length > 30 ? `, … (${names.length} in all)` : ''}`;
}
function failVerdict(rule) {
    return rule.severity === 'warning' ? 'warn' : 'fail';
}
function fmtInterval(i) {
    return `[${formatMetric(i[0])}, ${formatMetric(i[1])}]`;
}
function fmtP(p) {
    return p < 1e-4 ? p.toExponential(1) : formatMetric(Number(p.toPrecision(2)));
}
function checkLimit(rule, kind, limit, value, baseline, baselineNote, significance) {
    const delta = baseline === undefined ? null : value - baseline;
    const deltaPct = baseline === undefined || baseline === 0
        ? null
        : ((value - baseline) / Math.abs(baseline)) * 100;
    const base = {
        rule: rule.index,
        metric: rule.metric,
        kind,
        limit,
        severity: rule.severity,
        value,
        baseline: baseline ?? null,
        delta,
        deltaPct,
    };
    if (significance) {
        base.confidence = significance.confidence;
        base.interval = significance.interval;
        if (significance.pValue !== undefined)
            base.pValue = significance.pValue;
        base.test = significance.test;
    }
    if (BASELINE_KINDS.includes(kind) && baseline === undefined) {
        return rule.onMissingBaseline === 'skip'
            ? { ...base, verdict: 'skip', reason: baselineNote }
            : {
                ...base,
                verdict: failVerdict(rule),
                reason: `${baselineNote} (give a baseline, or set on-missing-baseline: skip)`,
            };
    }
    const level = significance ? `${Math.round(significance.confidence * 1000) / 10}%` : '';
    let ok;
    let reason;
    switch (kind) {
        case 'min':
        case 'max': {
            const le = kind === 'max';
            ok = within(value, limit, le ? 'le' : 'ge');
            reason = `${formatMetric(value)} ${ok ? (le ? '<=' : '>=') : le ? '>' : '<'} ${kind} ${formatMetric(limit)}`;
            if (significance) {
                const [low, high] = significance.interval;
                const ci = `${level} CI ${fmtInterval(significance.interval)}`;
                if (!Number.isFinite(low) || !Number.isFinite(high)) {
                    return {
                        ...base,
                        verdict: failVerdict(rule),
                        reason: `${reason}; the bootstrap interval is undefined (too few rows or one class only)`,
                    };
                }
                // Significantly on the wrong side: fail. Significantly on the right side: pass.
                // The interval contains the limit: not enough rows to tell, a warning.
                const surelyOk = le ? within(high, limit, 'le') : within(low, limit, 'ge');
                const surelyBad = le ? !within(low, limit, 'le') : !within(high, limit, 'ge');
                if (surelyOk)
                    return {
                        ...base,
                        verdict: 'pass',
                        reason: `${ci} ${le ? '<=' : '>='} ${kind} ${formatMetric(limit)}`,
                    };
                if (surelyBad) {
                    return {
                        ...base,
                        verdict: failVerdict(rule),
                        reason: `${ci} entirely ${le ? 'above max' : 'below min'} ${formatMetric(limit)}`,
                    };
                }
                return {
                    ...base,
                    verdict: 'warn',
                    reason: `${reason}, but the ${ci} contains ${formatMetric(limit)}: not significant at this sample size`,
                };
            }
            break;
        }
        case 'max-drop':
        case 'max-increase':
        case 'max-drop-pct':
        case 'max-increase-pct': {
            const b = baseline;
            const drop = kind === 'max-drop' || kind === 'max-drop-pct';
            const pct = kind.endsWith('-pct');
            const change = drop ? b - value : value - b;
            const amount = pct
                ? b === 0
                    ? change > 0
                        ? Infinity
                        : 0
                    : (change / Math.abs(b)) * 100
                : change;
            const word = drop ? 'drop' : 'increase';
            ok = within(amount, limit, 'le');
            reason = `${word} ${formatMetric(amount)}${pct ? '%' : ''} from baseline ${formatMetric(b)} ${ok ? '<=' : '>'} ${kind} ${formatMetric(limit)}${pct ? '%' : ''}`;
            if (significance && !ok) {
                const p = significance.pValue ?? Number.NaN;
                const alpha = 1 - significance.confidence;
                const test = significance.test === 'mcnemar' ? 'exact McNemar' : 'paired bootstrap';
                const stats = `${test} p = ${fmtP(p)}, ${level} CI of the change ${fmtInterval(significance.interval)}`;
                if (p < alpha) {
                    return {
                        ...base,
                        verdict: failVerdict(rule),
                        reason: `${reason}; significant (${stats})`,
                    };
                }
                return {
                    ...base,
                    verdict: 'warn',
                    reason: `${reason}, but not significant (${stats} >= ${formatMetric(Number(alpha.toPrecision(3)))})`,
                };
            }
            if (significance) {
                reason += ` (${significance.test === 'mcnemar' ? 'exact McNemar' : 'paired bootstrap'} p = ${fmtP(significance.pValue ?? Number.NaN)})`;
            }
            break;
        }
    }
    return { ...base, verdict: ok ? 'pass' : failVerdict(rule), reason };
}
/** A warning when the candidate and the baseline were measured on different data. */
function datasetWarnings(metrics, baseline) {
    const a = metrics.dataset?.sha256;
    const b = baseline?.dataset?.sha256;
    if (!baseline || typeof a !== 'string' || typeof b !== 'string' || a === b)
        return [];
    return [
        `The baseline '${baseline.source}' was measured on other data than the candidate (dataset sha256 ${b.slice(0, 12)}… vs ${a.slice(0, 12)}…): drops and increases compare different datasets.`,
    ];
}
function evaluatePolicy(policy, metrics, baseline, inputs = { metrics: 'metrics', baseline: 'baseline' }, rowsIn = {}) {
    const checks = [];
    for (const rule of policy.rules) {
        const value = numericMetric(metrics, inputs.metrics, rule.metric, rule);
        if (value === undefined) {
            throw new user_error/* UserError */.yo(`policy rule ${rule.index} names metric '${rule.metric}', which '${metrics.source}' does not have; ${describeAvailable(metrics)}.`, inputs.metrics);
        }
        const base = baseline ? numericMetric(baseline, inputs.baseline, rule.metric, rule) : undefined;
        const note = baseline
            ? `baseline '${baseline.source}' has no metric '${rule.metric}'`
            : 'no baseline given';
        for (const kind of Object.keys(rule.limits)) {
            let significance;
            let kindBase = base;
            let kindNote = note;
            const isBaselineRule = BASELINE_KINDS.includes(kind);
            if (rule.confidence !== undefined) {
                if (!rowsIn.predictions) {
                    throw new user_error/* UserError */.yo(`policy rule ${rule.index} (${rule.metric}) sets confidence, which needs the per-row predictions file smoke-test writes; '${metrics.source}' names none: give the predictions input.`, 'predictions');
                }
                if (!isBaselineRule) {
                    significance = metricInterval(rowsIn.predictions, rule.metric, rule.confidence, rule.index);
                }
                else if (base !== undefined) {
                    if (rowsIn.baselinePredictions) {
                        significance = pairedDifference(rowsIn.predictions, rowsIn.baselinePredictions, rule.metric, rule.confidence, rule.index);
                    }
                    else {
                        // Without the baseline's rows no paired test is possible: a missing baseline.
                        kindBase = undefined;
                        kindNote = `no baseline-predictions given for the paired test (confidence ${rule.confidence})`;
                    }
                }
            }
            checks.push(checkLimit(rule, kind, rule.limits[kind], value, kindBase, kindNote, significance));
        }
    }
    const failedFileChecks = (metrics.checks ?? []).filter((c) => c.status === 'fail');
    const counts = { pass: 0, fail: 0, warn: 0, skip: 0 };
    for (const c of checks)
        counts[c.verdict]++;
    const failed = checks.filter((c) => c.verdict === 'fail');
    return {
        passed: failed.length === 0 && failedFileChecks.length === 0,
        checks,
        failed,
        failedFileChecks,
        counts,
        warnings: datasetWarnings(metrics, baseline),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/metrics/metrics-file.ts




/** The metrics file contract shared by smoke-test (writer) and gate (reader); see DESIGN.md. */
const METRICS_SCHEMA = 'ml-actions/metrics@1';
function isPlainObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/**
 * Refuses values that JSON.stringify would silently turn into `null` or that look like
 * numbers but are not: a number beyond ±1.8e308 (JSON.parse makes it Infinity) and a
 * numeric string ("0.93"). Other strings are left as they are (notes, names); a policy rule
 * that names one is refused when it is evaluated.
 */
function checkMetricValues(input, source, node, prefix = '') {
    if (!isPlainObject(node))
        return;
    for (const [key, value] of Object.entries(node)) {
        const name = prefix ? `${prefix}.${key}` : key;
        if (typeof value === 'number' && !Number.isFinite(value)) {
            throw new user_error/* UserError */.yo(`metric '${name}' in '${source}' is beyond the range of a double (±1.8e308, e.g. 1e400) and would be read as Infinity; write a finite number.`, input);
        }
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
            throw new user_error/* UserError */.yo(`metric '${name}' in '${source}' is the string ${JSON.stringify(value)}, not a number; write it without quotes.`, input);
        }
        checkMetricValues(input, source, value, name);
    }
}
/** Interprets parsed JSON as either the structured format or a flat object of metrics. */
function interpretMetrics(input, source, data) {
    if (!isPlainObject(data)) {
        throw new user_error/* UserError */.yo(`file '${source}' must hold a JSON object (the ${METRICS_SCHEMA} format or {"metric": number, ...}).`, input);
    }
    if ('schema' in data) {
        if (data.schema !== METRICS_SCHEMA) {
            throw new user_error/* UserError */.yo(`file '${source}' has schema '${String(data.schema)}'; this version reads '${METRICS_SCHEMA}'.`, input);
        }
        if (!isPlainObject(data.metrics)) {
            throw new user_error/* UserError */.yo(`file '${source}' has no "metrics" object.`, input);
        }
        checkMetricValues(input, source, data.metrics);
        const matrix = data.confusion_matrix;
        const labels = isPlainObject(matrix) && Array.isArray(matrix.labels) ? matrix.labels : undefined;
        return {
            source,
            structured: true,
            metrics: data.metrics,
            model: isPlainObject(data.model) ? data.model : undefined,
            checks: Array.isArray(data.checks) ? data.checks : undefined,
            dataset: isPlainObject(data.dataset) ? data.dataset : undefined,
            predictions: 
            // A plain file name beside the metrics file (never a path that leaves its folder).
            typeof data.predictions === 'string' &&
                data.predictions !== '' &&
                external_node_path_.basename(data.predictions) === data.predictions &&
                data.predictions !== '..'
                ? external_node_path_.join(external_node_path_.dirname(source), data.predictions)
                : undefined,
            classNames: labels?.map(String),
        };
    }
    checkMetricValues(input, source, data);
    return { source, structured: false, metrics: data };
}
/** Reads a metrics file named by an action input. */
async function readMetricsFile(input, value) {
    const text = await (0,input_files/* readInputFile */.jH)(input, value);
    return interpretMetrics(input, value, (0,input_files/* parseJsonInput */.ou)(input, value, text));
}
/** Writes a metrics file (creating its directory), pretty-printed for humans and diffs. */
async function writeMetricsFile(file, data) {
    await external_node_fs_.promises.mkdir(external_node_path_.dirname(file), { recursive: true });
    const body = { schema: METRICS_SCHEMA, ...data };
    await external_node_fs_.promises.writeFile(file, JSON.stringify(body, null, 2) + '\n');
}

// EXTERNAL MODULE: ./packages/core/src/artifact/hash-files.ts + 2 modules
var hash_files = __webpack_require__(20299);
// EXTERNAL MODULE: ./packages/core/src/artifact/manifest.ts
var artifact_manifest = __webpack_require__(20539);
// EXTERNAL MODULE: ./packages/core/src/artifact/verify-package.ts + 1 modules
var verify_package = __webpack_require__(84710);
// EXTERNAL MODULE: ./packages/core/src/model/model-errors.ts
var model_errors = __webpack_require__(48500);
;// CONCATENATED MODULE: ./packages/core/src/model/model-runtime.ts

/**
 * What callers (smoke-test, deploy, drift-monitor) need from a model, whatever its format and
 * runtime: load it, learn its signature, predict a batch, free it. The format picks the runtime:
 * `*.onnx` runs on onnxruntime (model/onnx-runtime.ts), anything else on TF.js.
 */
/** `wasm` is the bundled WASM build of either runtime; `onnxruntime-node` applies to ONNX models. */
const BACKEND_CHOICES = (/* unused pure expression or super */ null && (['auto', 'tfjs-node', 'onnxruntime-node', 'wasm', 'cpu']));
/** Loads a model directory or file with the runtime its format needs, after static checks. */
async function loadModel(location, options) {
    if (/\.onnx$/i.test(location)) {
        const { loadOnnxModel } = await Promise.all(/* import() */[__webpack_require__.e(70), __webpack_require__.e(6)]).then(__webpack_require__.bind(__webpack_require__, 47006));
        return loadOnnxModel(location, options);
    }
    if (options.backend === 'onnxruntime-node') {
        throw new model_errors/* BackendUnavailableError */.Z(`backend onnxruntime-node runs ONNX models; ${location} is a TF.js model (use auto, tfjs-node, wasm or cpu).`);
    }
    const { validateTfjsModel } = await __webpack_require__.e(/* import() */ 436).then(__webpack_require__.bind(__webpack_require__, 54436));
    const { loadTfjsRuntime } = await __webpack_require__.e(/* import() */ 518).then(__webpack_require__.bind(__webpack_require__, 52518));
    return loadTfjsRuntime(await validateTfjsModel(location), options);
}

;// CONCATENATED MODULE: ./packages/core/src/model/tensor-shape.ts
/** Shapes of tensors and rows, and cutting row-major data into batches. */
/** `[1, ?, 3]` for a declared shape (null = dynamic), `[unknown shape]` when there is none. */
function formatShape(shape) {
    return shape ? `[${shape.map((d) => d ?? '?').join(', ')}]` : '[unknown shape]';
}
/** Number of values in one row of this shape (1 for a scalar row). */
function rowSize(rowShape) {
    return rowShape.reduce((a, b) => a * b, 1);
}
/** Whether a concrete row shape fits a declared one (without batch dimension; null = any). */
function rowShapeFits(declared, actual) {
    return (declared.length === actual.length && declared.every((d, i) => d === null || d === actual[i]));
}
/** The batch of at most `batchSize` rows that starts at row `start` (a view, not a copy). */
function batchAt(input, start, batchSize) {
    const size = rowSize(input.rowShape);
    const rows = Math.min(batchSize, input.rows - start);
    return {
        values: input.values.subarray(start * size, (start + rows) * size),
        shape: [rows, ...input.rowShape],
    };
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/feature-order.ts
/**
 * Feature names stored with the model: its metadata's `features`, `feature_names` (as
 * scikit-learn's `feature_names_in_` is often exported) or `featureNames` (ONNX
 * `metadata_props` hold strings: a comma-separated list is read under the explicit keys), else
 * the package manifest's metadata under the same keys. Undefined when none stores a list.
 */
function storedFeatureNames(modelMetadata, manifestMetadata) {
    const sources = [
        [modelMetadata, (key) => `the model's metadata (${key})`],
        [manifestMetadata, (key) => `the package manifest (metadata.${key})`],
    ];
    for (const [metadata, where] of sources) {
        for (const key of ['features', 'feature_names', 'featureNames']) {
            const value = metadata?.[key];
            if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
                return { names: value, where: where(key) };
            }
            // A string only under an explicit feature-names key (`features` may mean something else).
            if (key !== 'features' && typeof value === 'string' && value.trim() !== '') {
                return { names: value.split(',').map((v) => v.trim()), where: where(key) };
            }
        }
    }
    return undefined;
}
function list(names) {
    const shown = names.slice(0, 40).join(', ');
    return `[${shown}${names.length > 40 ? `, … (${names.length})` : ''}]`;
}
/**
 * `feature-order`: the columns fed to the model, in order, against the names stored with it.
 * A different order (or a different set) fails and shows both lists; without stored names the
 * check is skipped.
 */
function featureOrderCheck(used, stored) {
    const name = 'feature-order';
    if (!used)
        return undefined; // not a table: no feature names
    if (!stored) {
        return {
            name,
            status: 'skip',
            detail: 'the model stores no feature names (metadata features); order not checked.',
        };
    }
    const same = used.length === stored.names.length && used.every((f, i) => f === stored.names[i]);
    if (same) {
        return {
            name,
            status: 'pass',
            detail: `${used.length} features in the order stored in ${stored.where}.`,
        };
    }
    const sameSet = used.length === stored.names.length &&
        [...used].sort().join('\0') === [...stored.names].sort().join('\0');
    return {
        name,
        status: 'fail',
        detail: `${sameSet ? 'the features are in another order than' : 'the features differ from'} ${stored.where}: data gives ${list(used)}, the model expects ${list(stored.names)}; set features in the model's order.`,
    };
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/golden.ts




function parseGolden(text, file) {
    const input = 'expected-predictions';
    const trimmed = text.trim();
    if (trimmed === '')
        throw new user_error/* UserError */.yo(`file '${file}' is empty.`, input);
    const asRow = (value, where) => {
        if (typeof value === 'number')
            return { output: [value] };
        if (Array.isArray(value) && value.every((v) => typeof v === 'number'))
            return { output: value };
        if (typeof value === 'object' && value !== null) {
            const record = value;
            const output = record.output ?? record.probabilities ?? record.prediction;
            if (typeof output === 'number')
                return { id: record.id, output: [output] };
            if (Array.isArray(output) && output.every((v) => typeof v === 'number')) {
                return { id: record.id, output: output };
            }
        }
        throw new user_error/* UserError */.yo(`file '${file}' ${where}: expected a number, a number array or a row with "output".`, input);
    };
    if (trimmed.startsWith('[')) {
        let data;
        try {
            data = JSON.parse(trimmed);
        }
        catch (error) {
            throw new user_error/* UserError */.yo(`file '${file}' is not valid JSON: ${error.message}`, input);
        }
        return data.map((v, i) => asRow(v, `item ${i}`));
    }
    return trimmed.split(/\r?\n/).map((line, i) => {
        try {
            return asRow(JSON.parse(line), `line ${i + 1}`);
        }
        catch (error) {
            if (error instanceof user_error/* UserError */.yo)
                throw error;
            throw new user_error/* UserError */.yo(`file '${file}' line ${i + 1} is not valid JSON.`, input);
        }
    });
}
/** Compares outputs (rows × width, row-major) with the golden rows; matches by id when both have ids. */
function compareGolden(outputs, width, ids, golden, tolerance) {
    const rows = outputs.length / width;
    const byId = ids && golden.every((g) => g.id !== undefined)
        ? new Map(golden.map((g) => [String(g.id), g]))
        : undefined;
    if (!byId && golden.length !== rows) {
        return {
            name: 'golden-match',
            status: 'fail',
            detail: `expected ${golden.length} rows of predictions, got ${rows}.`,
        };
    }
    let differing = 0;
    let missing = 0;
    let worst = 0;
    let worstRow = '';
    for (let i = 0; i < rows; i++) {
        const expected = byId ? byId.get(String(ids[i])) : golden[i];
        if (!expected || expected.output.length !== width) {
            missing++;
            continue;
        }
        let rowDiffers = false;
        for (let j = 0; j < width; j++) {
            const actual = outputs[i * width + j];
            const want = expected.output[j];
            const diff = Math.abs(actual - want);
            if (!(diff <= tolerance + tolerance * Math.abs(want)))
                rowDiffers = true;
            if (!(diff <= worst)) {
                worst = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
                worstRow = byId ? `id ${String(ids[i])}` : `row ${i + 1}`;
            }
        }
        if (rowDiffers)
            differing++;
    }
    const passed = differing === 0 && missing === 0;
    const parts = [`${differing} of ${rows} rows differ beyond tolerance ${tolerance}`];
    if (missing > 0)
        parts.push(`${missing} rows have no golden output of width ${width}`);
    parts.push(`worst difference ${formatNumber(worst)}${worstRow ? ` at ${worstRow}` : ''}`);
    return { name: 'golden-match', status: passed ? 'pass' : 'fail', detail: parts.join('; ') + '.' };
}
/** Reads the golden file named by `expected-predictions` (relative to the workspace). */
async function readGoldenFile(cwd, value) {
    const file = external_node_path_.resolve(cwd, value);
    const text = await external_node_fs_.promises.readFile(file, 'utf8').catch(() => {
        throw new user_error/* UserError */.yo(`file '${value}' does not exist (resolved to ${file}).`, 'expected-predictions');
    });
    return parseGolden(text, value);
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/model-features.ts


/**
 * The feature columns to read, in model order: the columns of `inputs` (input by input) when it
 * is given, else `features`, else the feature names stored with the model. Whether the given
 * order matches the stored names is the `feature-order` check's business (feature-order.ts).
 */
function resolveModelFeatures(options, storedNames) {
    const mapped = options.inputs ? Object.values(options.inputs).flat() : [];
    const requested = mapped.length > 0 ? mapped : options.features;
    if (requested && requested.length > 0)
        return requested;
    return storedNames && storedNames.length > 0 ? storedNames : requested;
}
/**
 * The `inputs` input: a YAML (or JSON) mapping of model input name to data columns, e.g.
 * `float_input: [a, b, c]` (a comma-separated string is accepted for a list).
 */
function parseInputsMapping(text) {
    if (!text || text.trim() === '')
        return undefined;
    let data;
    try {
        data = parseYaml(text);
    }
    catch (error) {
        throw new UserError(`not valid YAML: ${error.message.split('\n')[0]}`, 'inputs');
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
        throw new UserError('give a mapping of model input name to data columns, e.g. `x: [a, b, c]`.', 'inputs');
    }
    const mapping = {};
    for (const [name, value] of Object.entries(data)) {
        const columns = Array.isArray(value)
            ? value.map(String)
            : typeof value === 'string'
                ? value
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean)
                : [];
        if (columns.length === 0) {
            throw new UserError(`model input '${name}' needs a list of data columns.`, 'inputs');
        }
        mapping[name] = columns;
    }
    return mapping;
}

;// CONCATENATED MODULE: ./packages/core/src/data/sampling.ts
/** Reproducible randomness for sampling rows (and for tests that need seeded data). */
/** A small, fast, seedable PRNG (mulberry32): reproducible sampling, not cryptography. */
function seededRandom(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

;// CONCATENATED MODULE: ./packages/core/src/data/cell-parsing.ts
/**
 * Turning cell text into values. Missing cells (empty, NaN, null, ±Infinity, NA, N/A, None) are
 * recognized here and reported as NaN/null, never as a number. Numbers are parsed straight from
 * the file's bytes without allocating a string: Clinger's fast path (at most 15 significant digits
 * and a power of ten up to 1e22, where one IEEE multiplication or division is correctly rounded);
 * longer forms fall back to `Number`, which is also correctly rounded, so both paths agree.
 */
/** Returned by the number parsers when the text is neither a number nor a missing marker. */
const NOT_A_NUMBER = Number.NEGATIVE_INFINITY;
const MISSING_TOKENS = new Set([
    '',
    'na',
    'n/a',
    '#n/a',
    'nan',
    '-nan',
    '+nan',
    'null',
    'none',
    'inf',
    '+inf',
    '-inf',
    'infinity',
    '+infinity',
    '-infinity',
]);
const POW10 = [
    1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
    1e18, 1e19, 1e20, 1e21, 1e22,
];
const MAX_FAST_DIGITS = 15;
/** True when the (already trimmed or untrimmed) text marks a missing value. */
function isMissingText(text) {
    return MISSING_TOKENS.has(text.trim().toLowerCase());
}
function isBlank(byte) {
    return byte === 32 || byte === 9;
}
/**
 * Parses a decimal number from bytes [start, end). Returns NaN for a missing cell (including
 * ±Infinity and overflow) and NOT_A_NUMBER for anything else that is not a number.
 */
function parseNumberBytes(buf, start, end) {
    while (start < end && isBlank(buf[start]))
        start++;
    while (end > start && isBlank(buf[end - 1]))
        end--;
    if (start === end)
        return NaN;
    let i = start;
    let negative = false;
    if (buf[i] === 45) {
        negative = true;
        i++;
    }
    else if (buf[i] === 43) {
        i++;
    }
    // All digits go into the mantissa; more than 15 of them (leading zeros included, rare in
    // practice) take the slow path, where the exact value comes from Number().
    let mantissa = 0;
    const intStart = i;
    for (; i < end; i++) {
        const d = buf[i] - 48;
        if (d >>> 0 > 9)
            break;
        mantissa = mantissa * 10 + d;
    }
    let digits = i - intStart;
    let exponent = 0;
    if (i < end && buf[i] === 46) {
        const fracStart = ++i;
        for (; i < end; i++) {
            const d = buf[i] - 48;
            if (d >>> 0 > 9)
                break;
            mantissa = mantissa * 10 + d;
        }
        exponent = fracStart - i;
        digits += i - fracStart;
    }
    const sawDigit = digits > 0;
    const slow = digits > MAX_FAST_DIGITS;
    if (sawDigit && i < end && (buf[i] === 101 || buf[i] === 69)) {
        i++;
        let expNegative = false;
        if (i < end && (buf[i] === 45 || buf[i] === 43)) {
            expNegative = buf[i] === 45;
            i++;
        }
        let expValue = 0;
        let expDigits = 0;
        for (; i < end; i++) {
            const d = buf[i] - 48;
            if (d < 0 || d > 9)
                break;
            if (expValue < 100000)
                expValue = expValue * 10 + d;
            expDigits++;
        }
        if (expDigits === 0)
            return missingOrInvalid(buf, start, end);
        exponent += expNegative ? -expValue : expValue;
    }
    if (!sawDigit || i !== end)
        return missingOrInvalid(buf, start, end);
    if (mantissa === 0 && !slow)
        return negative ? -0 : 0;
    if (slow || exponent > 22 || exponent < -22) {
        const value = Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
        return Number.isFinite(value) ? value : NaN;
    }
    const value = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
    return negative ? -value : value;
}
function missingOrInvalid(buf, start, end) {
    if (end - start > 12)
        return NOT_A_NUMBER;
    let text = '';
    for (let i = start; i < end; i++) {
        const b = buf[i];
        text += String.fromCharCode(b >= 65 && b <= 90 ? b + 32 : b);
    }
    return MISSING_TOKENS.has(text) ? NaN : NOT_A_NUMBER;
}
const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** The string form of `parseNumberBytes`, with the same results. */
function parseNumberText(text) {
    const trimmed = text.trim();
    if (!NUMBER_SYNTAX.test(trimmed))
        return isMissingText(trimmed) ? NaN : NOT_A_NUMBER;
    const value = Number(trimmed);
    return Number.isFinite(value) ? value : NaN;
}
/** 1 for true, 0 for false, NaN for missing, NOT_A_NUMBER otherwise. */
function parseBooleanText(text) {
    const t = text.trim().toLowerCase();
    if (t === 'true')
        return 1;
    if (t === 'false')
        return 0;
    return MISSING_TOKENS.has(t) ? NaN : NOT_A_NUMBER;
}
const DATETIME_SYNTAX = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;
/**
 * ISO 8601 dates and date-times to epoch milliseconds; a time without a zone is read as UTC so
 * results do not depend on the runner's time zone. NaN for missing, NOT_A_NUMBER otherwise.
 */
function parseDatetimeText(text) {
    const t = text.trim();
    const m = DATETIME_SYNTAX.exec(t);
    if (!m)
        return MISSING_TOKENS.has(t.toLowerCase()) ? NaN : NOT_A_NUMBER;
    const iso = m[2] === undefined ? `${m[1]}T00:00:00Z` : `${m[1]}T${m[2]}${m[3] ?? 'Z'}`;
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? NOT_A_NUMBER : ms;
}

;// CONCATENATED MODULE: ./packages/core/src/data/column-types.ts


function kindOf(value) {
    if (value === null || value === undefined)
        return 'missing';
    if (typeof value === 'number')
        return Number.isFinite(value) ? 'number' : 'missing';
    if (typeof value === 'bigint')
        return 'number';
    if (typeof value === 'boolean')
        return 'boolean';
    if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? 'missing' : 'datetime';
    if (typeof value !== 'string')
        return 'text';
    if (isMissingText(value))
        return 'missing';
    if (parseNumberText(value) !== NOT_A_NUMBER)
        return 'number';
    if (parseBooleanText(value) !== NOT_A_NUMBER)
        return 'boolean';
    if (parseDatetimeText(value) !== NOT_A_NUMBER)
        return 'datetime';
    return 'text';
}
/**
 * The type of a column from sample values: numeric, boolean or datetime when every present value
 * is one, categorical otherwise (including a column with no present value in the sample).
 */
function inferColumnType(values) {
    let seen;
    for (const value of values) {
        const kind = kindOf(value);
        if (kind === 'missing')
            continue;
        if (kind === 'text')
            return 'categorical';
        if (seen === undefined)
            seen = kind;
        else if (seen !== kind)
            return 'categorical';
    }
    if (seen === 'number')
        return 'numeric';
    if (seen === 'boolean')
        return 'boolean';
    if (seen === 'datetime')
        return 'datetime';
    return 'categorical';
}
function checkNames(names, known, option, input) {
    for (const name of names ?? []) {
        if (!known.has(name)) {
            const list = [...known].slice(0, 20).join(', ');
            throw new user_error/* UserError */.yo(`${option} names column '${name}', which is not in the data (columns: ${list}).`, input);
        }
    }
}
/** The columns to read, in order, after `columns` and `exclude-columns`. */
function selectColumns(header, options) {
    const known = new Set(header);
    checkNames(options.columns, known, 'columns', options.input);
    checkNames(options.excludeColumns, known, 'exclude-columns', options.input);
    checkNames(options.numericColumns, known, 'numeric-columns', options.input);
    checkNames(options.categoricalColumns, known, 'categorical-columns', options.input);
    const excluded = new Set(options.excludeColumns ?? []);
    const chosen = (options.columns?.length ? options.columns : header).filter((c) => !excluded.has(c));
    if (chosen.length === 0)
        throw new user_error/* UserError */.yo('no columns left to read after columns/exclude-columns.', options.input);
    return chosen;
}
/** Final types: fixed `types`, then numeric-columns / categorical-columns, then inference. */
function resolveSchema(names, samples, options) {
    const numeric = new Set(options.numericColumns ?? []);
    const categorical = new Set(options.categoricalColumns ?? []);
    for (const name of numeric) {
        if (categorical.has(name)) {
            throw new user_error/* UserError */.yo(`column '${name}' is in both numeric-columns and categorical-columns.`, options.input);
        }
    }
    return names.map((name, i) => {
        const fixed = options.types?.[name];
        if (fixed)
            return { name, type: fixed };
        if (numeric.has(name))
            return { name, type: 'numeric' };
        if (categorical.has(name))
            return { name, type: 'categorical' };
        return { name, type: inferColumnType(samples[i]) };
    });
}

;// CONCATENATED MODULE: ./packages/core/src/data/csv-parser.ts

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** Field kinds in a parsed row: plain, quoted, or quoted with doubled quotes to unescape. */
const FIELD_PLAIN = 0;
const FIELD_QUOTED = 1;
const FIELD_ESCAPED = 2;
/**
 * One parsed CSV record, valid only during the callback: fields are byte ranges into `buf`
 * (quotes already stripped), so numeric cells can be parsed without building strings.
 */
class CsvRow {
    buf = Buffer.alloc(0);
    starts = new Int32Array(64);
    ends = new Int32Array(64);
    kinds = new Uint8Array(64);
    count = 0;
    /** 1-based line on which the record starts. */
    line = 0;
    text(i) {
        const s = this.buf.toString('utf8', this.starts[i], this.ends[i]);
        return this.kinds[i] === FIELD_ESCAPED ? s.replaceAll('""', '"') : s;
    }
    push(start, end, kind) {
        if (this.count === this.starts.length) {
            const grow = (a) => {
                const b = new Int32Array(a.length * 2);
                b.set(a);
                return b;
            };
            this.starts = grow(this.starts);
            this.ends = grow(this.ends);
            const k = new Uint8Array(this.kinds.length * 2);
            k.set(this.kinds);
            this.kinds = k;
        }
        this.starts[this.count] = start;
        this.ends[this.count] = end;
        this.kinds[this.count] = kind;
        this.count++;
    }
}
/**
 * A streaming RFC 4180 parser working on bytes: quoted fields with doubled quotes and embedded
 * newlines, CRLF / LF / CR line ends, a UTF-8 BOM, blank lines skipped. Feed chunks with `push`
 * and call `end`; each complete record (the header first) goes to `onRow`. A record cut by a chunk
 * boundary is carried over and parsed again with the next chunk.
 */
class CsvParser {
    where;
    onRow;
    delimiter;
    input;
    carry;
    line = 1;
    first = true;
    row = new CsvRow();
    constructor(where, onRow, delimiter = 44, input) {
        this.where = where;
        this.onRow = onRow;
        this.delimiter = delimiter;
        this.input = input;
    }
    push(chunk) {
        this.parse(this.carry ? Buffer.concat([this.carry, chunk]) : chunk, false);
    }
    end() {
        if (this.carry)
            this.parse(this.carry, true);
        this.carry = undefined;
    }
    fail(line, message) {
        throw new user_error/* UserError */.yo(`${this.where}: line ${line}: ${message}`, this.input);
    }
    parse(data, final) {
        const n = data.length;
        const delimiter = this.delimiter;
        const row = this.row;
        row.buf = data;
        let pos = 0;
        if (this.first) {
            if (n < 3 && !final) {
                this.carry = data;
                return;
            }
            if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf)
                pos = 3;
            this.first = false;
        }
        rows: while (pos < n) {
            let newlines = 0;
            let p = pos;
            row.count = 0;
            for (;;) {
                if (p < n && data[p] === QUOTE) {
                    let q = p + 1;
                    let kind = FIELD_QUOTED;
                    let close;
                    for (;;) {
                        close = data.indexOf(QUOTE, q);
                        if (close === -1 || (close + 1 === n && !final)) {
                            if (!final)
                                break rows;
                            this.fail(this.line, 'a quoted field in the record starting here is never closed (missing ").');
                        }
                        if (close + 1 < n && data[close + 1] === QUOTE) {
                            kind = FIELD_ESCAPED;
                            q = close + 2;
                            continue;
                        }
                        break;
                    }
                    for (let i = p + 1; i < close; i++)
                        if (data[i] === LF)
                            newlines++;
                    row.push(p + 1, close, kind);
                    p = close + 1;
                    if (p >= n) {
                        if (!final)
                            break rows;
                        break;
                    }
                    const c = data[p];
                    if (c === delimiter) {
                        p++;
                        continue;
                    }
                    if (c === LF || c === CR)
                        break;
                    this.fail(this.line + newlines, `unexpected character '${String.fromCharCode(c)}' after a closing quote (quote the whole field and double any " inside it).`);
                }
                else {
                    let q = p;
                    while (q < n) {
                        const c = data[q];
                        if (c === delimiter || c === LF || c === CR)
                            break;
                        q++;
                    }
                    if (q >= n && !final)
                        break rows;
                    row.push(p, q, FIELD_PLAIN);
                    p = q;
                    if (p < n && data[p] === delimiter) {
                        p++;
                        continue;
                    }
                    break;
                }
            }
            if (p < n && data[p] === CR) {
                // A CR that ends the chunk may be the first half of a CRLF: wait for the next chunk.
                if (p + 1 === n && !final)
                    break;
                p++;
            }
            if (p < n && data[p] === LF)
                p++;
            row.line = this.line;
            this.line += 1 + newlines;
            pos = p;
            const blank = row.count === 1 && row.kinds[0] === FIELD_PLAIN && row.starts[0] === row.ends[0];
            if (blank)
                continue;
            this.onRow(row);
        }
        // Copied: the stream may reuse the chunk's memory.
        this.carry = pos < n ? Buffer.from(data.subarray(pos)) : undefined;
    }
}

// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var tinyglobby_dist = __webpack_require__(73382);
;// CONCATENATED MODULE: ./packages/core/src/data/data-sources.ts





const GLOB_CHARS = /[*?[\]{}]/;
const DATA_EXTENSIONS = ['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'parquet', 'pq'];
/** The format a file name implies, or undefined when the extension is not a data format. */
function formatOf(file) {
    const name = file.toLowerCase().replace(/\.gz$/, '');
    const ext = name.slice(name.lastIndexOf('.') + 1);
    switch (ext) {
        case 'csv':
        case 'txt':
            return 'csv';
        case 'tsv':
            return 'tsv';
        case 'json':
            return 'json';
        case 'jsonl':
        case 'ndjson':
            return 'jsonl';
        case 'parquet':
        case 'pq':
            return 'parquet';
        default:
            return undefined;
    }
}
/**
 * Expands a source (one path, several paths, or globs; a directory means the data files in it)
 * into files, in a stable order. Every entry must match at least one file.
 */
async function resolveDataFiles(source, options = {}) {
    const entries = (Array.isArray(source) ? source : [source]).map((s) => s.trim()).filter(Boolean);
    if (entries.length === 0)
        throw new user_error/* UserError */.yo('no data file given.', options.input);
    const cwd = options.cwd ?? (0,input_files/* workspaceDir */.zf)();
    const files = [];
    for (const entry of entries) {
        let found;
        if (GLOB_CHARS.test(entry)) {
            found = (await (0,tinyglobby_dist/* glob */.TI)(entry, { cwd, absolute: true, onlyFiles: true })).sort();
            if (found.length === 0) {
                throw new user_error/* UserError */.yo(`no file matches '${entry}' (searched in ${cwd}).`, options.input);
            }
        }
        else {
            const full = external_node_path_.resolve(cwd, entry);
            const stat = await external_node_fs_.promises.stat(full).catch(() => undefined);
            if (!stat) {
                throw new user_error/* UserError */.yo(`file '${entry}' does not exist (resolved to ${full}).`, options.input);
            }
            if (stat.isDirectory()) {
                const pattern = `**/*.{${DATA_EXTENSIONS.join(',')}}{,.gz}`;
                found = (await (0,tinyglobby_dist/* glob */.TI)(pattern, { cwd: full, absolute: true, onlyFiles: true })).sort();
                if (found.length === 0) {
                    throw new user_error/* UserError */.yo(`directory '${entry}' holds no data files (${DATA_EXTENSIONS.join(', ')}).`, options.input);
                }
            }
            else {
                found = [full];
            }
        }
        const single = found.length === 1 && found[0] === external_node_path_.resolve(cwd, entry);
        for (const file of found) {
            const relative = external_node_path_.relative(cwd, file);
            const display = single ? entry : relative.startsWith('..') ? file : relative;
            const format = options.format ?? formatOf(file);
            if (!format) {
                throw new user_error/* UserError */.yo(`cannot tell the format of '${display}' from its extension; use .csv, .tsv, .json, .jsonl or .parquet.`, options.input);
            }
            files.push({ path: file, display, format, gzip: /\.gz$/i.test(file) });
        }
    }
    return files;
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/node.js
var node = __webpack_require__(51609);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/metadata.js + 1 modules
var src_metadata = __webpack_require__(96367);
// EXTERNAL MODULE: ./node_modules/hyparquet/src/read.js + 17 modules
var read = __webpack_require__(42123);
// EXTERNAL MODULE: ./node_modules/hyparquet-compressors/src/index.js + 16 modules
var src = __webpack_require__(20138);
;// CONCATENATED MODULE: ./packages/core/src/data/row-readers.ts






const CHUNK_BYTES = 1 << 20;
/** The file's (decompressed) bytes; `onBytes` hears how much of the file on disk is read. */
async function* readBytes(file, onBytes) {
    const raw = (0,external_node_fs_.createReadStream)(file.path, { highWaterMark: CHUNK_BYTES });
    const stream = file.gzip ? raw.pipe((0,external_node_zlib_.createGunzip)()) : raw;
    for await (const chunk of stream) {
        onBytes?.(raw.bytesRead);
        yield chunk;
    }
}
async function checkNotEmpty(file, input) {
    const stat = await external_node_fs_.promises.stat(file.path);
    if (stat.size === 0)
        throw new user_error/* UserError */.yo(`file '${file.display}' is empty.`, input);
}
/**
 * Streams one file into the sink, yielding after each chunk so the caller can hand out finished
 * batches; memory stays bounded by the chunk size (JSON arrays, by nature, are read whole).
 */
async function* readFileRows(file, sink, options) {
    await checkNotEmpty(file, options.input);
    switch (file.format) {
        case 'csv':
        case 'tsv':
            yield* readCsv(file, sink, options);
            break;
        case 'jsonl':
            yield* readJsonLines(file, sink, options);
            break;
        case 'json':
            yield* readJsonArray(file, sink, options);
            break;
        case 'parquet':
            yield* readParquet(file, sink, options.input);
            break;
    }
}
async function* readCsv(file, sink, options) {
    let headerSeen = false;
    const parser = new CsvParser(file.display, (row) => {
        if (headerSeen)
            return sink.csvRow(row, file);
        headerSeen = true;
        const names = [];
        for (let i = 0; i < row.count; i++)
            names.push(row.text(i).trim());
        sink.header(names, file);
    }, file.format === 'tsv' ? 9 : 44, options.input);
    for await (const chunk of readBytes(file, options.onBytes)) {
        parser.push(chunk);
        yield;
    }
    parser.end();
    if (!headerSeen)
        throw new user_error/* UserError */.yo(`file '${file.display}' is empty (no header line).`, options.input);
    yield;
}
/**
 * JSON records: the columns are the keys of the first `keyRows` records, in first-seen order
 * (keys that only appear later are ignored); a key a record lacks is a missing cell.
 */
class RecordColumns {
    file;
    sink;
    keyRows;
    input;
    pending = [];
    keys;
    constructor(file, sink, keyRows, input) {
        this.file = file;
        this.sink = sink;
        this.keyRows = keyRows;
        this.input = input;
    }
    add(value, line) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            throw new user_error/* UserError */.yo(`${this.file.display}: line ${line}: expected a JSON object (one record), got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)?.slice(0, 40)}.`, this.input);
        }
        const record = value;
        if (this.keys)
            return this.emit(record, line);
        this.pending.push({ record, line });
        if (this.pending.length >= this.keyRows)
            this.flush();
    }
    flush() {
        if (this.keys)
            return;
        const seen = new Set();
        for (const { record } of this.pending)
            for (const key of Object.keys(record))
                seen.add(key);
        this.keys = [...seen];
        this.sink.header(this.keys, this.file);
        for (const { record, line } of this.pending)
            this.emit(record, line);
        this.pending = [];
    }
    emit(record, line) {
        const keys = this.keys;
        const values = new Array(keys.length);
        for (let i = 0; i < keys.length; i++)
            values[i] = record[keys[i]];
        this.sink.valueRow(values, line, this.file);
    }
    get empty() {
        return this.keys === undefined && this.pending.length === 0;
    }
}
async function* readJsonLines(file, sink, options) {
    const records = new RecordColumns(file, sink, options.keyRows, options.input);
    let carry = '';
    let line = 0;
    const take = (text) => {
        line++;
        const trimmed = text.trim();
        if (trimmed === '')
            return;
        let value;
        try {
            value = JSON.parse(line === 1 ? trimmed.replace(/^\uFEFF/, '') : trimmed);
        }
        catch (error) {
            throw new user_error/* UserError */.yo(`${file.display}: line ${line}: not valid JSON (${error.message}).`, options.input);
        }
        records.add(value, line);
    };
    for await (const chunk of readBytes(file, options.onBytes)) {
        const text = carry + chunk.toString('utf8');
        const lines = text.split('\n');
        carry = lines.pop() ?? '';
        for (const l of lines)
            take(l);
        yield;
    }
    if (carry !== '')
        take(carry);
    if (records.empty)
        throw new user_error/* UserError */.yo(`file '${file.display}' holds no records.`, options.input);
    records.flush();
    yield;
}
async function* readJsonArray(file, sink, options) {
    const chunks = [];
    for await (const chunk of readBytes(file, options.onBytes))
        chunks.push(chunk);
    const text = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    if (text.trim() === '')
        throw new user_error/* UserError */.yo(`file '${file.display}' is empty.`, options.input);
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        throw new user_error/* UserError */.yo(`file '${file.display}' is not valid JSON: ${error.message}`, options.input);
    }
    if (!Array.isArray(data)) {
        throw new user_error/* UserError */.yo(`file '${file.display}' must hold a JSON array of records (objects).`, options.input);
    }
    if (data.length === 0)
        throw new user_error/* UserError */.yo(`file '${file.display}' holds no records.`, options.input);
    const records = new RecordColumns(file, sink, options.keyRows, options.input);
    for (let i = 0; i < data.length; i++) {
        records.add(data[i], i + 1);
        if (i % 16384 === 16383)
            yield;
    }
    records.flush();
    yield;
}
async function* readParquet(file, sink, input) {
    let buffer;
    let metadata;
    try {
        buffer = await (0,node/* asyncBufferFromFile */.Rv)(file.path);
        metadata = await (0,src_metadata/* parquetMetadataAsync */.Ei)(buffer);
    }
    catch (error) {
        throw new user_error/* UserError */.yo(`file '${file.display}' is not a readable Parquet file: ${error.message}`, input);
    }
    const names = (0,src_metadata/* parquetSchema */.YR)(metadata).children.map((c) => c.element.name);
    sink.header(names, file);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
        const rowEnd = rowStart + Number(group.num_rows);
        let rows = [];
        try {
            await (0,read/* parquetRead */.bA)({
                file: buffer,
                metadata,
                compressors: src/* compressors */.Vm,
                columns: names,
                rowStart,
                rowEnd,
                onComplete: (r) => {
                    rows = r;
                },
            });
        }
        catch (error) {
            throw new user_error/* UserError */.yo(`cannot read Parquet file '${file.display}': ${error.message}`, input);
        }
        for (let i = 0; i < rows.length; i++)
            sink.valueRow(rows[i], rowStart + i + 1, file);
        rowStart = rowEnd;
        yield;
    }
}

;// CONCATENATED MODULE: ./packages/core/src/data/text-interner.ts

const MAX_BYTES = 64;
const FIRST_TABLE_SIZE = 64;
const MAX_ENTRIES = 4096;
/**
 * Turns the bytes of a categorical cell into its string without decoding the same bytes again
 * and again: a small open-addressing table keyed by the bytes (FNV-1a). Low-cardinality columns,
 * the usual case for categories, then cost one hash per cell and no allocation; once the table is
 * full (a high-cardinality column) cells are simply decoded. Missing markers map to null. The
 * table starts at 64 slots and doubles while it is more than half full (up to 8192), so 20,000
 * narrow columns do not each hold a full-size table.
 */
class TextInterner {
    slots = new Int32Array(FIRST_TABLE_SIZE).fill(-1);
    keys = [];
    hashes = [];
    values = [];
    grow() {
        const size = this.slots.length * 2;
        const slots = new Int32Array(size).fill(-1);
        this.hashes.forEach((h, entry) => {
            let slot = h & (size - 1);
            while (slots[slot] !== -1)
                slot = (slot + 1) & (size - 1);
            slots[slot] = entry;
        });
        this.slots = slots;
    }
    get(buf, start, end) {
        const length = end - start;
        if (length > MAX_BYTES)
            return decode(buf, start, end);
        let h = 0x811c9dc5;
        for (let i = start; i < end; i++)
            h = Math.imul(h ^ buf[i], 0x01000193);
        h >>>= 0;
        const mask = this.slots.length - 1;
        let slot = h & mask;
        for (;;) {
            const entry = this.slots[slot];
            if (entry === -1)
                break;
            const key = this.keys[entry];
            if (key.length === length) {
                let same = true;
                for (let i = 0; i < length; i++) {
                    if (key[i] !== buf[start + i]) {
                        same = false;
                        break;
                    }
                }
                if (same)
                    return this.values[entry];
            }
            slot = (slot + 1) & mask;
        }
        const value = decode(buf, start, end);
        if (this.keys.length < MAX_ENTRIES) {
            this.slots[slot] = this.keys.length;
            this.keys.push(Uint8Array.prototype.slice.call(buf, start, end));
            this.hashes.push(h);
            this.values.push(value);
            if (2 * this.keys.length > this.slots.length)
                this.grow();
        }
        return value;
    }
}
function decode(buf, start, end) {
    const text = buf.toString('utf8', start, end);
    return text.length <= 12 && isMissingText(text) ? null : text;
}

;// CONCATENATED MODULE: ./packages/core/src/data/table-stream.ts








const DEFAULT_INFER_ROWS = 10_000;
const DEFAULT_BATCH_SIZE = 16_384;
/** Cells per batch (8 MB of numbers): wide data gets shorter batches, not gigabytes of them. */
const BATCH_CELLS = 1 << 20;
/** Rows per batch: the requested size, at most BATCH_CELLS cells (and at least 64 rows). */
function batchRows(requested, columns) {
    if (requested !== undefined)
        return Math.max(1, requested);
    return Math.max(64, Math.min(DEFAULT_BATCH_SIZE, Math.floor(BATCH_CELLS / Math.max(1, columns))));
}
/** Converts a JSON/Parquet value (or a cell text) to a number for a numeric-like column. */
function valueToNumber(value, type) {
    if (value === null || value === undefined)
        return NaN;
    if (typeof value === 'string') {
        if (type === 'numeric')
            return parseNumberText(value);
        if (type === 'boolean')
            return parseBooleanText(value);
        return parseDatetimeText(value);
    }
    if (typeof value === 'number') {
        if (type === 'boolean')
            return NOT_A_NUMBER;
        return Number.isFinite(value) ? value : NaN;
    }
    if (typeof value === 'bigint')
        return type === 'boolean' ? NOT_A_NUMBER : Number(value);
    if (typeof value === 'boolean')
        return type === 'boolean' ? Number(value) : NOT_A_NUMBER;
    if (value instanceof Date)
        return type === 'datetime' ? value.getTime() : NOT_A_NUMBER;
    return NOT_A_NUMBER;
}
function valueToCategory(value) {
    if (value === null || value === undefined)
        return null;
    if (typeof value === 'string')
        return value.length <= 12 && isMissingText(value) ? null : value;
    if (typeof value === 'number')
        return Number.isFinite(value) ? String(value) : null;
    if (typeof value === 'bigint' || typeof value === 'boolean')
        return String(value);
    if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? null : value.toISOString();
    return JSON.stringify(value);
}
/** Fills fixed-size column arrays row by row and hands out full batches. */
class BatchBuilder {
    schema;
    capacity;
    out;
    input;
    numbers = [];
    strings = [];
    length = 0;
    offset = 0;
    missing = new Int32Array(0);
    interners;
    constructor(schema, capacity, out, input) {
        this.schema = schema;
        this.capacity = capacity;
        this.out = out;
        this.input = input;
        this.interners = schema.map((c) => (c.type === 'categorical' ? new TextInterner() : undefined));
        this.allocate();
    }
    get rows() {
        return this.offset + this.length;
    }
    allocate() {
        this.missing = new Int32Array(this.schema.length);
        this.numbers = this.schema.map((c) => c.type === 'categorical' ? undefined : new Float64Array(this.capacity));
        this.strings = this.schema.map((c) => c.type === 'categorical' ? new Array(this.capacity) : undefined);
    }
    fail(file, line, column, value) {
        const shown = typeof value === 'string' ? value : JSON.stringify(value);
        throw new user_error/* UserError */.yo(`${file.display}: line ${line}: column '${column.name}' is read as ${column.type} but holds '${String(shown).slice(0, 60)}'; ` +
            `name it in categorical-columns to read it as categories, or fix the value.`, this.input);
    }
    addCsv(row, fields, file) {
        const r = this.length;
        const schema = this.schema;
        for (let c = 0; c < schema.length; c++) {
            const f = fields[c];
            const type = schema[c].type;
            if (type === 'categorical') {
                this.strings[c][r] =
                    row.kinds[f] === FIELD_ESCAPED
                        ? valueToCategory(row.text(f))
                        : this.interners[c].get(row.buf, row.starts[f], row.ends[f]);
                continue;
            }
            let v;
            if (type === 'numeric' && row.kinds[f] !== FIELD_ESCAPED) {
                v = parseNumberBytes(row.buf, row.starts[f], row.ends[f]);
            }
            else {
                v = valueToNumber(row.text(f), type);
            }
            if (v === NOT_A_NUMBER)
                this.fail(file, row.line, schema[c], row.text(f));
            if (v !== v)
                this.missing[c]++;
            this.numbers[c][r] = v;
        }
        if (++this.length === this.capacity)
            this.flush();
    }
    addValues(values, fields, line, file) {
        const r = this.length;
        const schema = this.schema;
        for (let c = 0; c < schema.length; c++) {
            const value = values[fields[c]];
            const type = schema[c].type;
            if (type === 'categorical') {
                this.strings[c][r] = valueToCategory(value);
                continue;
            }
            const v = valueToNumber(value, type);
            if (v === NOT_A_NUMBER)
                this.fail(file, line, schema[c], value);
            if (v !== v)
                this.missing[c]++;
            this.numbers[c][r] = v;
        }
        if (++this.length === this.capacity)
            this.flush();
    }
    flush() {
        if (this.length === 0)
            return;
        const columns = this.schema.map((col, c) => col.type === 'categorical'
            ? { name: col.name, type: 'categorical', strings: this.strings[c] }
            : { name: col.name, type: col.type, numbers: this.numbers[c], missing: this.missing[c] });
        this.out.push({ offset: this.offset, length: this.length, columns });
        this.offset += this.length;
        this.length = 0;
        this.allocate();
    }
}
/** Reads files in order into batches; infers the schema from the first rows. */
class TableReader {
    files;
    options;
    schema;
    selected;
    fields = new Int32Array(0);
    headerLength = 0;
    pending = [];
    builder;
    queue = [];
    inferRows;
    constructor(files, options) {
        this.files = files;
        this.options = options;
        this.inferRows = Math.max(1, options.inferRows ?? DEFAULT_INFER_ROWS);
    }
    get rows() {
        return this.builder ? this.builder.rows : 0;
    }
    header(raw, file) {
        const names = raw.map((n, i) => (n === '' ? `column_${i + 1}` : n));
        const seen = new Set();
        for (const name of names) {
            if (seen.has(name)) {
                throw new user_error/* UserError */.yo(`file '${file.display}' has two columns named '${name}'.`, this.options.input);
            }
            seen.add(name);
        }
        if (!this.selected)
            this.selected = selectColumns(names, this.options);
        const missing = this.selected.filter((n) => !seen.has(n));
        if (missing.length > 0) {
            throw new user_error/* UserError */.yo(`file '${file.display}' lacks column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} ` +
                `that ${this.files[0].display} has; all files of one dataset need the same columns.`, this.options.input);
        }
        this.fields = Int32Array.from(this.selected, (n) => names.indexOf(n));
        this.headerLength = names.length;
    }
    csvRow(row, file) {
        if (row.count !== this.headerLength) {
            throw new user_error/* UserError */.yo(`${file.display}: line ${row.line}: malformed row with ${row.count} field${row.count === 1 ? '' : 's'}; the header has ${this.headerLength}.`, this.options.input);
        }
        if (this.builder)
            return this.builder.addCsv(row, this.fields, file);
        const values = Array.from(this.fields, (f) => row.text(f));
        this.hold({ values, line: row.line, file });
    }
    valueRow(values, line, file) {
        if (this.builder)
            return this.builder.addValues(values, this.fields, line, file);
        this.hold({ values: Array.from(this.fields, (f) => values[f]), line, file });
    }
    hold(row) {
        this.pending.push(row);
        if (this.pending.length >= this.inferRows)
            this.startBuilding();
    }
    /** Fixes the schema from the rows held so far and replays them into batches. */
    startBuilding() {
        if (this.builder || !this.selected)
            return;
        const names = this.selected;
        const samples = names.map((_, c) => this.pending.map((r) => r.values[c]));
        this.schema = resolveSchema(names, samples, this.options);
        const batchSize = batchRows(this.options.batchSize, this.schema.length);
        this.builder = new BatchBuilder(this.schema, batchSize, this.queue, this.options.input);
        const identity = Int32Array.from(names, (_, i) => i);
        for (const row of this.pending)
            this.builder.addValues(row.values, identity, row.line, row.file);
        this.pending = [];
    }
    async *run() {
        const { progress } = this.options;
        const sizes = progress
            ? await Promise.all(this.files.map(async (f) => (await external_node_fs_.promises.stat(f.path)).size))
            : [];
        const totalBytes = sizes.reduce((a, b) => a + b, 0);
        let before = 0;
        for (const [i, file] of this.files.entries()) {
            const onBytes = progress &&
                ((bytes) => progress({ bytes: before + bytes, totalBytes, rows: this.rows }));
            for await (const _ of readFileRows(file, this, {
                input: this.options.input,
                keyRows: this.inferRows,
                onBytes,
            })) {
                while (this.queue.length)
                    yield this.queue.shift();
                yield null;
            }
            before += sizes[i] ?? 0;
            progress?.({ bytes: before, totalBytes, rows: this.rows });
        }
        this.startBuilding();
        this.builder?.flush();
        while (this.queue.length)
            yield this.queue.shift();
    }
}
/**
 * Opens a dataset (one file, several files, or globs) for streaming: reads just enough to know
 * the columns and their types, then hands out row batches with bounded memory.
 */
async function openTable(source, options = {}) {
    const files = await resolveDataFiles(source, options);
    const reader = new TableReader(files, options);
    const it = reader.run();
    const early = [];
    let done = false;
    while (!reader.schema) {
        const next = await it.next();
        if (next.done) {
            done = true;
            break;
        }
        if (next.value)
            early.push(next.value);
    }
    let started = false;
    return {
        schema: reader.schema,
        files: files.map((f) => f.display),
        get rowsRead() {
            return reader.rows;
        },
        async *batches() {
            if (started)
                throw new Error('TableStream.batches() can only be iterated once.');
            started = true;
            yield* early;
            if (done)
                return;
            for (;;) {
                const next = await it.next();
                if (next.done)
                    return;
                if (next.value)
                    yield next.value;
            }
        },
    };
}

;// CONCATENATED MODULE: ./packages/core/src/data/read-table.ts



function cell(batch, c, r) {
    const col = batch.columns[c];
    if (col.type === 'categorical')
        return col.strings[r];
    const v = col.numbers[r];
    if (Number.isNaN(v))
        return null;
    return col.type === 'boolean' ? v === 1 : v;
}
/**
 * Reads a dataset into memory, column by column (for small data: smoke tests, examples). With
 * `maxRows`, keeps a uniform sample of that many rows (Algorithm R with a seeded PRNG), returned
 * in file order with their source row indices.
 */
async function readTable(source, options = {}) {
    if (options.maxRows !== undefined &&
        !(Number.isInteger(options.maxRows) && options.maxRows > 0)) {
        throw new user_error/* UserError */.yo(`the number of rows to sample must be a positive whole number, got ${options.maxRows}.`, options.input);
    }
    const stream = await openTable(source, options);
    const width = stream.schema.length;
    const cap = options.maxRows ?? Number.POSITIVE_INFINITY;
    const random = seededRandom(options.seed ?? 1);
    const values = stream.schema.map(() => []);
    const rowIndex = [];
    let seen = 0;
    for await (const batch of stream.batches()) {
        for (let r = 0; r < batch.length; r++, seen++) {
            let slot;
            if (seen < cap) {
                slot = seen;
            }
            else {
                slot = Math.floor(random() * (seen + 1));
                if (slot >= cap)
                    continue;
            }
            rowIndex[slot] = batch.offset + r;
            for (let c = 0; c < width; c++)
                values[c][slot] = cell(batch, c, r);
        }
    }
    if (seen === 0) {
        throw new user_error/* UserError */.yo(`'${stream.files.join(', ')}' has a header but no data rows.`, options.input);
    }
    // Back to file order: sampling scatters rows over the slots.
    const order = rowIndex.map((_, i) => i);
    if (seen > cap)
        order.sort((a, b) => rowIndex[a] - rowIndex[b]);
    const columns = stream.schema.map((s, c) => {
        const v = seen > cap ? order.map((i) => values[c][i]) : values[c];
        let missing = 0;
        for (const x of v)
            if (x === null)
                missing++;
        return { name: s.name, type: s.type, values: v, missing };
    });
    return {
        columns,
        rows: order.length,
        totalRows: seen,
        rowIndex: seen > cap ? order.map((i) => rowIndex[i]) : rowIndex,
        files: stream.files,
    };
}
/** The column of a table by name, with a clear error naming the input when it is absent. */
function tableColumn(table, name, input) {
    const column = table.columns.find((c) => c.name === name);
    if (!column) {
        const list = table.columns
            .map((c) => c.name)
            .slice(0, 20)
            .join(', ');
        throw new UserError(`column '${name}' is not in the data (columns: ${list}).`, input);
    }
    return column;
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/feature-matrix.ts

/** Builds the float32 feature matrix, failing clearly on a missing or non-numeric feature. */
function buildFeatureMatrix(table, options) {
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    const available = table.columns.map((c) => c.name);
    const need = (name, input) => {
        const column = byName.get(name);
        if (!column) {
            throw new user_error/* UserError */.yo(`column '${name}' is not in the data (columns: ${available.join(', ')}).`, input);
        }
        return column;
    };
    const labels = options.labelColumn ? need(options.labelColumn, 'label-column').values : undefined;
    const ids = options.idColumn ? need(options.idColumn, 'id-column').values : undefined;
    const features = options.features && options.features.length > 0
        ? options.features
        : available.filter((n) => n !== options.labelColumn && n !== options.idColumn);
    if (features.length === 0)
        throw new user_error/* UserError */.yo('the data has no feature columns.', 'features');
    const rows = table.rows;
    const values = new Float32Array(rows * features.length);
    features.forEach((name, j) => {
        const column = need(name, 'features');
        if (column.type === 'categorical' || column.type === 'datetime') {
            const example = column.values.find((v) => v !== null);
            throw new user_error/* UserError */.yo(`feature '${name}' is not numeric (it reads as ${column.type}, e.g. ${JSON.stringify(example)}); ` +
                'encode it as numbers before the model or leave it out of features.', 'features');
        }
        for (let i = 0; i < rows; i++) {
            const v = column.values[i];
            if (v === null) {
                throw new user_error/* UserError */.yo(`feature '${name}' has ${column.missing} missing value(s) (first at data row ${table.rowIndex[i] + 1}); ` +
                    'the model needs a number in every cell.', 'features');
            }
            values[i * features.length + j] = typeof v === 'boolean' ? Number(v) : v;
        }
    });
    return { features, values, rows, labels, ids };
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/tensor-input.ts


async function readTensorFile(file, input = 'data') {
    if (/\.npy$/i.test(file))
        return parseNpy(await external_node_fs_.promises.readFile(file), file, input);
    const text = await external_node_fs_.promises.readFile(file, 'utf8');
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        throw new user_error/* UserError */.yo(`'${file}' is not valid JSON: ${error.message}`, input);
    }
    return fromNested(data, file, input);
}
function fromNested(data, file, input) {
    const shape = [];
    for (let level = data; Array.isArray(level); level = level[0])
        shape.push(level.length);
    if (shape.length === 0 || shape[0] === 0) {
        throw new user_error/* UserError */.yo(`'${file}' must hold a non-empty nested array of numbers (rows first).`, input);
    }
    const flat = data.flat(Infinity);
    const size = shape.reduce((a, b) => a * b, 1);
    if (flat.length !== size || !flat.every((v) => typeof v === 'number')) {
        throw new user_error/* UserError */.yo(`'${file}' is not a rectangular array of numbers (shape ${JSON.stringify(shape)} expected).`, input);
    }
    return { values: Float32Array.from(flat), shape };
}
/** NumPy .npy v1–v3, little-endian float32/float64/int32/int64/uint8, C order. */
function parseNpy(buffer, file, input) {
    const bad = (what) => {
        throw new user_error/* UserError */.yo(`'${file}' ${what}`, input);
    };
    if (buffer.subarray(0, 6).toString('latin1') !== '\x93NUMPY')
        bad('is not a .npy file.');
    const major = buffer[6];
    const headerLength = major === 1 ? buffer.readUInt16LE(8) : buffer.readUInt32LE(8);
    const start = major === 1 ? 10 : 12;
    const header = buffer.subarray(start, start + headerLength).toString('latin1');
    const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
    const fortran = /'fortran_order':\s*True/.test(header);
    const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
    if (!descr || shapeText === undefined)
        bad('has an unreadable header.');
    if (fortran)
        bad('is in Fortran order; save it with C order (np.ascontiguousarray).');
    const shape = shapeText
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map(Number);
    const size = shape.reduce((a, b) => a * b, 1);
    const body = buffer.subarray(start + headerLength);
    const readers = {
        '<f4': [4, (o) => body.readFloatLE(o)],
        '<f8': [8, (o) => body.readDoubleLE(o)],
        '<i4': [4, (o) => body.readInt32LE(o)],
        '<i8': [8, (o) => Number(body.readBigInt64LE(o))],
        '|u1': [1, (o) => body[o]],
    };
    const reader = readers[descr];
    if (!reader)
        bad(`has dtype ${descr}; use float32, float64, int32, int64 or uint8.`);
    const [bytes, read] = reader;
    if (body.length < size * bytes)
        bad(`is truncated: shape ${JSON.stringify(shape)} needs ${size * bytes} bytes.`);
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++)
        values[i] = read(i * bytes);
    return { values, shape };
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/model-input.ts






/**
 * Tables (CSV, JSON, JSONL, Parquet via core/data) become a float32 feature matrix for rank-2
 * inputs; `.npy` files and nested JSON arrays feed image and sequence inputs (first rows kept).
 */
async function readModelInput(options, inputShape) {
    const tensorLike = /\.npy$/i.test(options.data) || (inputShape !== undefined && inputShape.length > 2);
    if (tensorLike) {
        const file = external_node_path_.resolve(options.cwd, options.data);
        const tensor = await readTensorFile(file, 'data');
        const rows = Math.min(tensor.shape[0], options.maxRows);
        const rowShape = tensor.shape.slice(1);
        const size = rowSize(rowShape);
        return { values: tensor.values.subarray(0, rows * size), rowShape, rows, dataFiles: [file] };
    }
    const table = await readTable(options.data, {
        input: 'data',
        cwd: options.cwd,
        maxRows: options.maxRows,
        seed: options.seed,
        // Ids are names, not quantities: keep "2012-01-01" or "007" as written.
        categoricalColumns: options.idColumn ? [options.idColumn] : undefined,
    });
    const matrix = buildFeatureMatrix(table, options);
    return {
        values: matrix.values,
        rowShape: [matrix.features.length],
        rows: matrix.rows,
        labels: matrix.labels,
        ids: matrix.ids,
        dataFiles: table.files,
        features: matrix.features,
    };
}
/** Throws a UserError when rows of `rowShape` cannot feed the model input `spec`. */
function checkInputCompatible(rowShape, spec) {
    if (!['float32', 'int32', 'float64', 'int64'].includes(spec.dtype)) {
        throw new user_error/* UserError */.yo(`model input '${spec.name}' has dtype ${spec.dtype}; smoke-test feeds numbers (float32, float64, int32 or int64 inputs).`, 'model');
    }
    if (!spec.shape)
        return;
    const expected = spec.shape.slice(1);
    if (!rowShapeFits(expected, rowShape)) {
        throw new user_error/* UserError */.yo(`the model input '${spec.name}' expects rows of shape ${formatShape(expected)} but the data gives [${rowShape.join(', ')}]` +
            (rowShape.length === 1 ? ' (check features and their order).' : '.'), 'data');
    }
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/prediction-checks.ts


/** Pure checks over model outputs (rows × width, row-major). */
function finiteOutputsCheck(outputs, width) {
    let bad = 0;
    let firstRow = -1;
    for (let i = 0; i < outputs.length; i++) {
        if (!Number.isFinite(outputs[i])) {
            bad++;
            if (firstRow < 0)
                firstRow = Math.floor(i / width);
        }
    }
    return bad === 0
        ? {
            name: 'finite-outputs',
            status: 'pass',
            detail: `all ${outputs.length} output values are finite.`,
        }
        : {
            name: 'finite-outputs',
            status: 'fail',
            detail: `${bad} output values are NaN or infinite (first in row ${firstRow + 1}).`,
        };
}
/**
 * Probabilities in [0, 1]; with a softmax output each row also sums to 1 within 1e-3.
 * Skipped when the model does not end in softmax or sigmoid.
 */
function probabilitiesCheck(outputs, width, finalActivation) {
    const name = 'probabilities';
    if (finalActivation !== 'softmax' && finalActivation !== 'sigmoid') {
        return {
            name,
            status: 'skip',
            detail: `final activation is ${finalActivation ?? 'unknown'}, not softmax or sigmoid.`,
        };
    }
    let outOfRange = 0;
    let badSums = 0;
    let worstSum = 1;
    for (let r = 0; r < outputs.length / width; r++) {
        let sum = 0;
        for (let j = 0; j < width; j++) {
            const p = outputs[r * width + j];
            if (!(p >= 0 && p <= 1))
                outOfRange++;
            sum += p;
        }
        if (finalActivation === 'softmax' && !(Math.abs(sum - 1) <= 1e-3)) {
            badSums++;
            if (!(Math.abs(sum - 1) <= Math.abs(worstSum - 1)))
                worstSum = sum;
        }
    }
    if (outOfRange === 0 && badSums === 0) {
        return {
            name,
            status: 'pass',
            detail: finalActivation === 'softmax'
                ? 'all in [0, 1]; every row sums to 1 (±1e-3).'
                : 'all in [0, 1].',
        };
    }
    const parts = [];
    if (outOfRange > 0)
        parts.push(`${outOfRange} values outside [0, 1]`);
    if (badSums > 0)
        parts.push(`${badSums} rows do not sum to 1 (worst sum ${formatSignificant(worstSum, 6)})`);
    return { name, status: 'fail', detail: parts.join('; ') + '.' };
}
/** Every repeat must reproduce the first run bit for bit. */
function determinismCheck(runs) {
    const name = 'deterministic';
    if (runs.length < 2)
        return { name, status: 'skip', detail: 'repeat is 1.' };
    const [first, ...rest] = runs;
    for (const [k, run] of rest.entries()) {
        let differing = 0;
        let worst = 0;
        for (let i = 0; i < first.length; i++) {
            if (!Object.is(first[i], run[i])) {
                differing++;
                worst = Math.max(worst, Math.abs(first[i] - run[i]));
            }
        }
        if (differing > 0) {
            return {
                name,
                status: 'fail',
                detail: `run ${k + 2} differs from run 1 in ${differing} values (largest difference ${formatNumber(worst)}).`,
            };
        }
    }
    return { name, status: 'pass', detail: `${runs.length} runs gave identical outputs.` };
}
/** Linear-interpolated percentile (numpy's default) of unsorted values. */
function percentile(values, p) {
    if (values.length === 0)
        return Number.NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const position = (p / 100) * (sorted.length - 1);
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
/** Output rows have the shape the model declares (unknown dimensions match anything). */
function outputShapeCheck(actual, declared) {
    const name = 'output-shape';
    const shown = `[${actual.join(', ')}]`;
    if (!declared) {
        return {
            name,
            status: 'pass',
            detail: `outputs of shape ${shown} per row (no declared shape).`,
        };
    }
    return rowShapeFits(declared.slice(1), actual)
        ? { name, status: 'pass', detail: `${shown} per row, as declared ${formatShape(declared)}.` }
        : {
            name,
            status: 'fail',
            detail: `outputs are ${shown} per row but the model declares ${formatShape(declared)}.`,
        };
}

;// CONCATENATED MODULE: ./packages/core/src/stats/classification-metrics.ts
/**
 * Classification metrics with scikit-learn's definitions, so numbers match what a data
 * scientist computes in a notebook. Pure functions over class indices (0..K-1) and scores.
 *
 * Notation: y = true class indices, ŷ = predicted class indices, n rows, K classes,
 * C[i][j] = number of rows with true class i predicted as class j.
 */
function checkSameLength(a, b, what) {
    if (a.length !== b.length) {
        throw new RangeError(`${what}: lengths differ (${a.length} vs ${b.length}).`);
    }
    if (a.length === 0)
        throw new RangeError(`${what}: no rows.`);
}
/** accuracy = (1/n) Σ [yᵢ = ŷᵢ] */
function accuracy(yTrue, yPred) {
    checkSameLength(yTrue, yPred, 'accuracy');
    let hits = 0;
    for (let i = 0; i < yTrue.length; i++)
        if (yTrue[i] === yPred[i])
            hits++;
    return hits / yTrue.length;
}
/**
 * Confusion matrix C (rows = true class, columns = predicted class) over classes
 * 0..numClasses-1; numClasses defaults to 1 + the largest index seen (sklearn's label set
 * when the classes are 0..K-1).
 */
function confusionMatrix(yTrue, yPred, numClasses) {
    checkSameLength(yTrue, yPred, 'confusionMatrix');
    let k = numClasses ?? 0;
    if (numClasses === undefined) {
        for (let i = 0; i < yTrue.length; i++)
            k = Math.max(k, yTrue[i] + 1, yPred[i] + 1);
    }
    const matrix = Array.from({ length: k }, () => new Array(k).fill(0));
    for (let i = 0; i < yTrue.length; i++) {
        const t = yTrue[i];
        const p = yPred[i];
        if (!Number.isInteger(t) || !Number.isInteger(p) || t < 0 || p < 0 || t >= k || p >= k) {
            throw new RangeError(`confusionMatrix: class index out of range at row ${i}.`);
        }
        matrix[t][p]++;
    }
    return matrix;
}
/**
 * Macro-averaged precision, recall and F1 (sklearn `average='macro'`, `zero_division=0`).
 * Per class c over the labels present in y or ŷ:
 *   precision_c = C[c][c] / Σᵢ C[i][c],  recall_c = C[c][c] / Σⱼ C[c][j],
 *   F1_c = 2·precision_c·recall_c / (precision_c + recall_c),
 * each 0 when its denominator is 0; the macro value is the unweighted mean over those classes.
 */
function macroPrecisionRecallF1(yTrue, yPred) {
    const matrix = confusionMatrix(yTrue, yPred);
    const k = matrix.length;
    let precision = 0;
    let recall = 0;
    let f1 = 0;
    let present = 0;
    for (let c = 0; c < k; c++) {
        let predicted = 0;
        let actual = 0;
        for (let i = 0; i < k; i++) {
            predicted += matrix[i][c];
            actual += matrix[c][i];
        }
        if (predicted === 0 && actual === 0)
            continue; // label absent from both: not in sklearn's set
        present++;
        const p = predicted === 0 ? 0 : matrix[c][c] / predicted;
        const r = actual === 0 ? 0 : matrix[c][c] / actual;
        precision += p;
        recall += r;
        f1 += p + r === 0 ? 0 : (2 * p * r) / (p + r);
    }
    return { precision: precision / present, recall: recall / present, f1: f1 / present };
}
/**
 * Log loss (cross-entropy) = −(1/n) Σᵢ log p̃ᵢ,yᵢ where each probability row is first
 * rescaled to sum to 1 and clipped to [eps, 1 − eps] (sklearn's handling; eps = 1e-15).
 * `probabilities[i][c]` is the predicted probability of class c for row i.
 */
function logLoss(yTrue, probabilities, eps = 1e-15) {
    checkSameLength(yTrue, probabilities, 'logLoss');
    let total = 0;
    for (let i = 0; i < yTrue.length; i++) {
        const row = probabilities[i];
        const y = yTrue[i];
        if (!Number.isInteger(y) || y < 0 || y >= row.length) {
            throw new RangeError(`logLoss: class index ${y} out of range at row ${i}.`);
        }
        let sum = 0;
        for (let c = 0; c < row.length; c++)
            sum += Math.min(Math.max(row[c], eps), 1 - eps);
        const p = Math.min(Math.max(row[y], eps), 1 - eps) / sum;
        total -= Math.log(p);
    }
    return total / yTrue.length;
}
/**
 * Binary ROC AUC from positive-class scores: the probability that a random positive scores
 * above a random negative, ties counting one half. Computed by the Mann–Whitney rank sum
 *   AUC = (Σ_{positives} rank − n₊(n₊+1)/2) / (n₊ · n₋)
 * with tied scores given their average rank, which equals sklearn's trapezoidal ROC area.
 * `isPositive[i]` is truthy for positives. NaN when either class is absent (AUC undefined).
 */
function rocAucBinary(isPositive, scores) {
    checkSameLength(scores, isPositive, 'rocAucBinary');
    const n = scores.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
    let positives = 0;
    let rankSum = 0;
    for (let start = 0; start < n;) {
        let end = start;
        while (end + 1 < n && scores[order[end + 1]] === scores[order[start]])
            end++;
        const averageRank = (start + end) / 2 + 1; // ranks are 1-based
        for (let j = start; j <= end; j++) {
            if (isPositive[order[j]]) {
                positives++;
                rankSum += averageRank;
            }
        }
        start = end + 1;
    }
    const negatives = n - positives;
    if (positives === 0 || negatives === 0)
        return Number.NaN;
    return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
/**
 * Multiclass ROC AUC, one-vs-rest, macro-averaged (sklearn `multi_class='ovr'`,
 * `average='macro'`): the mean over classes c of rocAucBinary(y = c, p[·][c]). Classes with no
 * positive or no negative row in y are left out (sklearn refuses them); NaN if none remain.
 * With two columns this is the binary AUC of column 1.
 */
function rocAucOvrMacro(yTrue, probabilities) {
    checkSameLength(yTrue, probabilities, 'rocAucOvrMacro');
    const k = probabilities[0].length;
    const column = (c) => probabilities.map((row) => row[c]);
    if (k === 2)
        return rocAucBinary(Array.from(yTrue, (y) => y === 1), column(1));
    let sum = 0;
    let counted = 0;
    for (let c = 0; c < k; c++) {
        const auc = rocAucBinary(Array.from(yTrue, (y) => y === c), column(c));
        if (Number.isNaN(auc))
            continue;
        sum += auc;
        counted++;
    }
    return counted === 0 ? Number.NaN : sum / counted;
}
/**
 * All classification metrics from true class indices and per-class probabilities; the
 * predicted class is the arg-max of each row (first one on ties, like numpy).
 */
function classificationSummary(yTrue, probabilities) {
    checkSameLength(yTrue, probabilities, 'classificationSummary');
    const k = probabilities[0].length;
    const yPred = probabilities.map(argMax);
    const macro = macroPrecisionRecallF1(yTrue, yPred);
    return {
        accuracy: accuracy(yTrue, yPred),
        precision_macro: macro.precision,
        recall_macro: macro.recall,
        f1_macro: macro.f1,
        log_loss: logLoss(yTrue, probabilities),
        roc_auc: rocAucOvrMacro(yTrue, probabilities),
        confusion_matrix: confusionMatrix(yTrue, yPred, k),
    };
}
/** Index of the largest value (the first one on ties). */
function argMax(values) {
    let best = 0;
    for (let i = 1; i < values.length; i++)
        if (values[i] > values[best])
            best = i;
    return best;
}

;// CONCATENATED MODULE: ./packages/core/src/stats/regression-metrics.ts
/**
 * Regression metrics with scikit-learn's definitions. Pure functions over true values y and
 * predictions ŷ of equal length n.
 */
function regression_metrics_checkSameLength(yTrue, yPred, what) {
    if (yTrue.length !== yPred.length) {
        throw new RangeError(`${what}: lengths differ (${yTrue.length} vs ${yPred.length}).`);
    }
    if (yTrue.length === 0)
        throw new RangeError(`${what}: no rows.`);
}
/** MAE = (1/n) Σ |yᵢ − ŷᵢ| */
function meanAbsoluteError(yTrue, yPred) {
    regression_metrics_checkSameLength(yTrue, yPred, 'meanAbsoluteError');
    let sum = 0;
    for (let i = 0; i < yTrue.length; i++)
        sum += Math.abs(yTrue[i] - yPred[i]);
    return sum / yTrue.length;
}
/** RMSE = √((1/n) Σ (yᵢ − ŷᵢ)²) */
function rootMeanSquaredError(yTrue, yPred) {
    regression_metrics_checkSameLength(yTrue, yPred, 'rootMeanSquaredError');
    let sum = 0;
    for (let i = 0; i < yTrue.length; i++)
        sum += (yTrue[i] - yPred[i]) ** 2;
    return Math.sqrt(sum / yTrue.length);
}
/**
 * R² = 1 − Σ (yᵢ − ŷᵢ)² / Σ (yᵢ − ȳ)². When y is constant (denominator 0) sklearn's
 * convention applies: 1 for a perfect prediction, else 0.
 */
function r2Score(yTrue, yPred) {
    regression_metrics_checkSameLength(yTrue, yPred, 'r2Score');
    let mean = 0;
    for (let i = 0; i < yTrue.length; i++)
        mean += yTrue[i];
    mean /= yTrue.length;
    let residual = 0;
    let total = 0;
    for (let i = 0; i < yTrue.length; i++) {
        residual += (yTrue[i] - yPred[i]) ** 2;
        total += (yTrue[i] - mean) ** 2;
    }
    if (total === 0)
        return residual === 0 ? 1 : 0;
    return 1 - residual / total;
}
/**
 * MAPE = (1/n) Σ |yᵢ − ŷᵢ| / max(|yᵢ|, ε) with ε = 2.22e-16 (float64 machine epsilon), as a
 * fraction (0.1 means 10 %), exactly sklearn's `mean_absolute_percentage_error`: a zero true
 * value gives a huge but finite term.
 */
function meanAbsolutePercentageError(yTrue, yPred) {
    regression_metrics_checkSameLength(yTrue, yPred, 'meanAbsolutePercentageError');
    let sum = 0;
    for (let i = 0; i < yTrue.length; i++) {
        sum += Math.abs(yTrue[i] - yPred[i]) / Math.max(Math.abs(yTrue[i]), Number.EPSILON);
    }
    return sum / yTrue.length;
}
function regressionSummary(yTrue, yPred) {
    return {
        mae: meanAbsoluteError(yTrue, yPred),
        rmse: rootMeanSquaredError(yTrue, yPred),
        r2: r2Score(yTrue, yPred),
        mape: meanAbsolutePercentageError(yTrue, yPred),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/quality-metrics.ts



/**
 * Degenerate output is only called out on enough rows to mean something: fewer rows than
 * this (or labels of a single class) give a skipped check, never a false alarm.
 */
const DEGENERATE_MIN_ROWS = 10;
/** Classification when asked, or when the model ends in softmax/sigmoid or has several outputs. */
function detectTask(requested, width, finalActivation) {
    if (requested !== 'auto')
        return requested;
    return width > 1 || finalActivation === 'softmax' || finalActivation === 'sigmoid'
        ? 'classification'
        : 'regression';
}
/** Probability rows: softmax outputs as they are; one sigmoid output becomes [1 − p, p]. */
function probabilityRows(outputs, width) {
    const rows = [];
    for (let i = 0; i < outputs.length / width; i++) {
        rows.push(width === 1
            ? Float32Array.of(1 - outputs[i], outputs[i])
            : outputs.subarray(i * width, (i + 1) * width));
    }
    return rows;
}
/** Class names stored with the model (`classNames`, `class_names` or `labels` metadata). */
function modelClassNames(metadata) {
    for (const key of ['classNames', 'class_names', 'labels']) {
        const value = metadata?.[key];
        if (Array.isArray(value) && value.length > 0)
            return value.map(String);
    }
    return undefined;
}
function computeQualityMetrics(input) {
    const task = detectTask(input.task, input.width, input.finalActivation);
    const result = task === 'regression' ? regressionQuality(input) : classificationQuality(input);
    result.checks.push(degenerateOutputCheck(input, result));
    return result;
}
/**
 * `degenerate-output`: a classifier that predicts one class for every row, or a regression
 * whose output is the same number for every row, while the labels vary. Needs at least
 * DEGENERATE_MIN_ROWS rows and labels of more than one value (without them: skip).
 */
function degenerateOutputCheck(input, quality) {
    const name = 'degenerate-output';
    const rows = input.outputs.length / Math.max(1, input.width);
    if (rows < DEGENERATE_MIN_ROWS) {
        return { name, status: 'skip', detail: `only ${rows} rows (needs ${DEGENERATE_MIN_ROWS}).` };
    }
    if (!input.labels)
        return { name, status: 'skip', detail: 'no labels to compare with.' };
    const labels = input.labels.filter((l) => l !== null && l !== undefined && l !== '');
    const distinctLabels = new Set(labels.map(String));
    if (distinctLabels.size < 2) {
        return {
            name,
            status: 'skip',
            detail: 'the labels have a single value, so one output is right.',
        };
    }
    if (quality.task === 'classification') {
        const probabilities = probabilityRows(input.outputs, input.width);
        const counts = new Map();
        for (const row of probabilities) {
            const k = argMax(row);
            counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        if (counts.size === 1) {
            const k = [...counts.keys()][0];
            const cls = quality.classNames?.[k] ?? String(k);
            return {
                name,
                status: 'fail',
                detail: `the model predicts class '${cls}' for all ${rows} rows, while the labels have ${distinctLabels.size} distinct values (check the feature order and preprocessing).`,
            };
        }
        return {
            name,
            status: 'pass',
            detail: `${counts.size} distinct classes predicted over ${rows} rows.`,
        };
    }
    if (input.width !== 1)
        return { name, status: 'skip', detail: 'several outputs per row.' };
    const first = input.outputs[0];
    const constant = input.outputs.every((v) => Object.is(v, first) || v === first);
    return constant
        ? {
            name,
            status: 'fail',
            detail: `the model outputs the same value ${first} for all ${rows} rows, while the labels vary (check the feature order and preprocessing).`,
        }
        : { name, status: 'pass', detail: `outputs vary over ${rows} rows.` };
}
function regressionQuality(input) {
    const result = { task: 'regression', metrics: {}, checks: [] };
    if (!input.labels)
        return result;
    if (input.width !== 1) {
        result.checks.push({
            name: 'labels',
            status: 'warn',
            detail: `regression metrics need one output per row; the model gives ${input.width}.`,
        });
        return result;
    }
    const truth = [];
    const predicted = [];
    let unusable = 0;
    input.labels.forEach((label, i) => {
        const y = typeof label === 'number' ? label : typeof label === 'string' ? Number(label) : Number.NaN;
        if (!Number.isFinite(y)) {
            unusable++;
            return;
        }
        truth.push(y);
        predicted.push(input.outputs[i]);
    });
    if (truth.length === 0) {
        result.checks.push({
            name: 'labels',
            status: 'fail',
            detail: 'no label is a number; a regression label column must be numeric.',
        });
        return result;
    }
    Object.assign(result.metrics, regressionSummary(truth, predicted), {
        labeled_rows: truth.length,
    });
    result.checks.push(labelsCheck(truth.length, unusable));
    return result;
}
function classificationQuality(input) {
    const probabilities = probabilityRows(input.outputs, input.width);
    const classes = probabilities[0]?.length ?? 0;
    let classNames = modelClassNames(input.metadata);
    const result = { task: 'classification', metrics: {}, checks: [] };
    if (classNames && classNames.length !== classes) {
        result.checks.push({
            name: 'labels',
            status: 'fail',
            detail: `the model's metadata names ${classNames.length} classes but it outputs ${classes} probabilities.`,
        });
        classNames = undefined;
    }
    if (!input.labels) {
        result.classNames = classNames;
        return result;
    }
    const present = input.labels.filter((l) => l !== null && l !== undefined);
    let note = '';
    if (!classNames) {
        const allIndices = present.every((l) => Number.isInteger(Number(l)) && Number(l) >= 0 && Number(l) < classes);
        if (allIndices) {
            classNames = Array.from({ length: classes }, (_, i) => String(i));
        }
        else {
            // Without names from the model, assume the usual encoding: sorted distinct labels (sklearn's LabelEncoder).
            classNames = [...new Set(present.map(String))].sort();
            note = ` Class names were not stored with the model; assumed the sorted labels ${classNames.join(', ')}.`;
            if (classNames.length !== classes) {
                result.checks.push({
                    name: 'labels',
                    status: 'fail',
                    detail: `the labels have ${classNames.length} distinct values but the model outputs ${classes} classes; store classNames in the model metadata.`,
                });
                return result;
            }
        }
    }
    result.classNames = classNames;
    const index = new Map(classNames.map((name, i) => [name, i]));
    const labelIndex = new Int32Array(input.labels.length).fill(-1);
    const truth = [];
    const rows = [];
    const unknown = new Set();
    input.labels.forEach((label, i) => {
        if (label === null || label === undefined)
            return;
        const k = index.get(String(label));
        if (k === undefined) {
            unknown.add(String(label));
            return;
        }
        labelIndex[i] = k;
        truth.push(k);
        rows.push(probabilities[i]);
    });
    result.labelIndex = labelIndex;
    if (unknown.size > 0) {
        result.checks.push({
            name: 'labels',
            status: 'fail',
            detail: `labels not among the model's classes (${classNames.join(', ')}): ${[...unknown].slice(0, 5).join(', ')}.`,
        });
        return result;
    }
    if (truth.length === 0)
        return result;
    const summary = classificationSummary(truth, rows);
    result.confusionMatrix = summary.confusion_matrix;
    const scores = perClassScores(summary.confusion_matrix);
    result.perClass = Object.fromEntries(classNames.map((c, k) => [c, scores[k]]));
    for (const [key, value] of Object.entries(summary)) {
        if (typeof value === 'number' && Number.isFinite(value))
            result.metrics[key] = value;
    }
    result.metrics.labeled_rows = truth.length;
    const check = labelsCheck(truth.length, input.labels.length - truth.length);
    check.detail += note;
    result.checks.push(check);
    return result;
}
function labelsCheck(used, skipped) {
    return {
        name: 'labels',
        status: 'pass',
        detail: `${used} labeled rows scored${skipped > 0 ? `; ${skipped} rows without a usable label skipped` : ''}.`,
    };
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/predictions-file.ts




/** The type of the label column: its first present value's (numbers or text), if any. */
function labelKind(labels) {
    const first = labels?.find((l) => l !== null && l !== undefined);
    return typeof first === 'number' ? 'number' : typeof first === 'string' ? 'string' : undefined;
}
/**
 * A predicted class typed like the labels, so the two compare as equal in the file: a numeric
 * label column gets numeric predictions (class name `"2"` → `2`), a text one text (index `2` →
 * `"2"`). Names that are not numbers stay text.
 */
function typedLikeLabels(predicted, kind) {
    if (kind === 'string')
        return String(predicted);
    if (kind === 'number' && typeof predicted === 'string') {
        const n = Number(predicted);
        if (predicted.trim() !== '' && Number.isFinite(n))
            return n;
    }
    return predicted;
}
/**
 * One JSON object per row: `row` (1-based), `id`, `prediction` (class name or value),
 * `probabilities`, `label`, `correct`, and `output` (the raw model output, exact float32
 * values, which is what `expected-predictions` compares on a later run). A predicted class has
 * the type of the labels (typedLikeLabels).
 */
async function writePredictionsFile(file, data) {
    await external_node_fs_.promises.mkdir(external_node_path_.dirname(file), { recursive: true });
    const { outputs, width } = data;
    const rows = outputs.length / width;
    const probabilities = data.task === 'classification' ? probabilityRows(outputs, width) : undefined;
    const kind = labelKind(data.labels);
    const lines = [];
    for (let i = 0; i < rows; i++) {
        const output = Array.from(outputs.subarray(i * width, (i + 1) * width));
        const record = { row: i + 1 };
        if (data.ids)
            record.id = data.ids[i];
        if (probabilities) {
            const p = probabilities[i];
            const k = argMax(p);
            record.prediction = typedLikeLabels(data.classNames?.[k] ?? k, kind);
            record.probabilities = Array.from(p);
            if (data.labels) {
                record.label = data.labels[i];
                const truth = data.labelIndex?.[i] ?? -1;
                record.correct = truth < 0 ? null : truth === k;
            }
        }
        else {
            record.prediction = width === 1 ? output[0] : output;
            if (data.labels)
                record.label = data.labels[i];
        }
        record.output = output;
        lines.push(JSON.stringify(record));
    }
    await external_node_fs_.promises.writeFile(file, lines.join('\n') + '\n');
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/timed-predictions.ts


/**
 * `warmup` untimed calls on the first batch, then `repeat` timed passes over every batch of
 * `batchSize` rows. Returns a one-line problem instead when the model answers a batch with a
 * different number of rows.
 */
async function timePredictions(runtime, input, batchSize, warmup, repeat) {
    const batchOf = (start) => batchAt(input, start, batchSize);
    for (let w = 0; w < warmup; w++)
        await runtime.predict(batchOf(0));
    const runs = [];
    const batchMs = [];
    const rowMs = [];
    let outputRowShape;
    let width = 0;
    let predictMs = 0;
    for (let r = 0; r < Math.max(1, repeat); r++) {
        let outputs;
        for (let start = 0; start < input.rows; start += batchSize) {
            const batch = batchOf(start);
            const t0 = performance.now();
            const out = await runtime.predict(batch);
            const ms = performance.now() - t0;
            predictMs += ms;
            batchMs.push(ms);
            rowMs.push(ms / batch.shape[0]);
            if (out.shape[0] !== batch.shape[0]) {
                return { problem: `a batch of ${batch.shape[0]} rows gave ${out.shape[0]} output rows.` };
            }
            if (!outputRowShape) {
                outputRowShape = out.shape.slice(1);
                width = rowSize(outputRowShape);
            }
            outputs ??= new Float32Array(input.rows * width);
            outputs.set(out.values, start * width);
        }
        runs.push(outputs);
    }
    return { runs, outputRowShape: outputRowShape, width, batchMs, rowMs, predictMs };
}
/** Latency percentiles (per call and per row, after warm-up) and throughput, by metric name. */
function speedMetrics(timed, rows) {
    return {
        latency_ms_p50: percentile(timed.batchMs, 50),
        latency_ms_p95: percentile(timed.batchMs, 95),
        latency_ms_p99: percentile(timed.batchMs, 99),
        latency_ms_per_row_p50: percentile(timed.rowMs, 50),
        latency_ms_per_row_p95: percentile(timed.rowMs, 95),
        latency_ms_per_row_p99: percentile(timed.rowMs, 99),
        rows_per_second: (rows * timed.runs.length) / (timed.predictMs / 1000),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/smoke-stages.ts

















/** 1. The package manifest (when there is one) vouches for the files before anything reads them. */
async function verifyPackageStage(modelPath) {
    if (!(await exists(external_node_path_.join(modelPath, artifact_manifest/* MANIFEST_FILE */.h1)))) {
        return { checks: [], value: { location: modelPath } };
    }
    let manifest;
    try {
        manifest = await (0,verify_package/* verifyPackage */.sB)(modelPath);
    }
    catch (error) {
        if (!(0,user_error/* isUserError */.iU)(error))
            throw error;
        return { checks: [{ name: 'package-verified', status: 'fail', detail: error.message }] };
    }
    const modelJson = manifest.files.find((f) => /(^|\/)model\.json$/.test(f.path));
    let location = modelJson ? external_node_path_.join(modelPath, modelJson.path) : modelPath;
    // ONNX packages: the one .onnx file (or model.onnx among several).
    const onnxFiles = manifest.files.filter((f) => /\.onnx$/i.test(f.path));
    const onnxFile = onnxFiles.length === 1
        ? onnxFiles[0]
        : onnxFiles.find((f) => /(^|\/)model\.onnx$/.test(f.path));
    if (manifest.format === 'onnx' && onnxFile)
        location = external_node_path_.join(modelPath, onnxFile.path);
    return {
        checks: [
            {
                name: 'package-verified',
                status: 'pass',
                detail: `${manifest.files.length} files match ${artifact_manifest/* MANIFEST_FILE */.h1} (${manifest.digest}).`,
            },
        ],
        value: {
            location,
            model: { name: manifest.name, version: manifest.version, digest: manifest.digest },
            metadata: manifest.metadata,
        },
    };
}
/**
 * 2. Load the model with the runtime its format needs (ONNX: with the `inputs` mapping and the
 * `output` to read). A bad `backend` choice throws.
 */
async function loadStage(location, options) {
    const loadStart = performance.now();
    let runtime;
    try {
        runtime = await loadModel(location, options);
    }
    catch (error) {
        if (error instanceof model_errors/* BackendUnavailableError */.Z)
            throw new user_error/* UserError */.yo(error.message, 'backend');
        if (!(0,user_error/* isUserError */.iU)(error))
            throw error;
        return { checks: [{ name: 'model-loads', status: 'fail', detail: error.message }] };
    }
    const loadMs = performance.now() - loadStart;
    const { description, backend } = runtime;
    options.log(`Model loaded (${description.format}) on backend ${backend} in ${loadMs.toFixed(0)} ms.`);
    return {
        checks: [
            {
                name: 'model-loads',
                status: 'pass',
                detail: `${description.format}, ${description.parameterCount} parameters, backend ${backend}.`,
            },
        ],
        metrics: {
            model_load_ms: loadMs,
            parameter_count: description.parameterCount,
            model_size_bytes: description.sizeBytes,
        },
        value: runtime,
    };
}
/**
 * 3. Read the data, shaped for the tensor the model is fed (its first input, or the columns of
 * several ONNX inputs side by side), and check that it fits. The feature columns are checked
 * against the feature names stored with the model or in the package manifest (`metadata`):
 * columns in another order run fine and silently predict garbage.
 */
async function dataStage(options, description, metadata) {
    const inputSpec = description.feed ?? description.signature.inputs[0];
    const storedFeatures = storedFeatureNames(description.metadata, metadata);
    let input;
    try {
        const features = resolveModelFeatures(options, storedFeatures?.names);
        input = await readModelInput({ ...options, features }, inputSpec.shape);
        checkInputCompatible(input.rowShape, inputSpec);
    }
    catch (error) {
        if (!(0,user_error/* isUserError */.iU)(error))
            throw error;
        return { checks: [{ name: 'input-compatible', status: 'fail', detail: error.message }] };
    }
    const dataset = { path: options.data, rows: input.rows };
    if (input.dataFiles.length === 1)
        dataset.sha256 = (await (0,hash_files/* hashFile */.D)(external_node_path_.resolve(options.cwd, input.dataFiles[0]))).sha256;
    return {
        checks: [
            {
                name: 'input-compatible',
                status: 'pass',
                detail: `${input.rows} rows of shape [${input.rowShape.join(', ')}] fit input '${inputSpec.name}' ${formatShape(inputSpec.shape)} (${inputSpec.dtype}).`,
            },
            ...[featureOrderCheck(input.features, storedFeatures)].filter((c) => c !== undefined),
        ],
        metrics: { rows: input.rows },
        value: { input, dataset },
    };
}
/**
 * 4. Predict: warm-up, then `repeat` timed passes over every batch; check the outputs'
 * shape, finiteness, probabilities and determinism.
 */
async function predictStage(runtime, input, options) {
    const { description } = runtime;
    const timed = await timePredictions(runtime, input, options.batchSize, options.warmup, options.repeat);
    if ('problem' in timed) {
        return { checks: [{ name: 'output-shape', status: 'fail', detail: timed.problem }] };
    }
    const outputs = timed.runs[0];
    return {
        checks: [
            outputShapeCheck(timed.outputRowShape, description.signature.outputs[0]?.shape),
            finiteOutputsCheck(outputs, timed.width),
            probabilitiesCheck(outputs, timed.width, description.finalActivation),
            determinismCheck(timed.runs),
        ],
        value: timed,
    };
}
/** 5. Compare with golden outputs, when given. */
async function goldenStage(timed, input, options) {
    if (!options.expectedPredictions)
        return { checks: [] };
    const golden = await readGoldenFile(options.cwd, options.expectedPredictions);
    return {
        checks: [compareGolden(timed.runs[0], timed.width, input.ids, golden, options.tolerance)],
    };
}
/** 6. Speed: latency percentiles and throughput of the timed passes. */
function speedStage(timed, input, batchSize) {
    return {
        checks: [],
        metrics: { ...speedMetrics(timed, input.rows), batch_size: batchSize },
    };
}
/** 7. Quality against the labels, when the outputs are usable (finite) and labels exist. */
function qualityStage(timed, input, description, options) {
    const quality = computeQualityMetrics({
        task: options.task,
        outputs: timed.runs[0],
        width: timed.width,
        finalActivation: description.finalActivation,
        metadata: description.metadata,
        labels: options.finite ? input.labels : undefined,
    });
    return { checks: quality.checks, metrics: quality.metrics, value: quality };
}
/** 8. The per-row predictions file, and the process's peak memory once everything ran. */
async function predictionsStage(file, timed, input, quality) {
    await writePredictionsFile(file, {
        outputs: timed.runs[0],
        width: timed.width,
        ids: input.ids,
        labels: input.labels,
        task: quality.task,
        classNames: quality.classNames,
        labelIndex: quality.labelIndex,
    });
    return {
        checks: [],
        metrics: { peak_rss_mb: process.resourceUsage().maxRSS / 1024 },
        value: file,
    };
}
async function exists(file) {
    return (await external_node_fs_.promises.stat(file).catch(() => undefined)) !== undefined;
}

;// CONCATENATED MODULE: ./packages/core/src/smoke/run-smoke-test.ts



/**
 * Runs a chunk of real data through a model the way production would and checks everything
 * that can silently break: loading, input compatibility, output shape, finiteness,
 * probabilities, determinism and golden outputs; then computes quality and speed metrics and
 * writes the metrics and predictions files. Failed checks are returned, not thrown; user
 * mistakes in the options (a missing data file) throw UserError.
 */
async function runSmokeTest(options) {
    const log = options.log ?? (() => undefined);
    const modelPath = external_node_path_.resolve(options.cwd, options.model);
    const record = new SmokeRecord(options, modelPath);
    const pkg = record.take(await verifyPackageStage(modelPath));
    if (!pkg)
        return record.finish();
    if (pkg.model)
        Object.assign(record.model, pkg.model);
    const runtime = record.take(await loadStage(pkg.location, {
        backend: options.backend,
        workspace: options.cwd,
        log,
        inputs: options.inputs,
        output: options.output,
    }));
    if (!runtime)
        return record.finish();
    try {
        record.backend = runtime.backend;
        const data = record.take(await dataStage(options, runtime.description, pkg.metadata));
        if (!data)
            return await record.finish();
        record.dataset = data.dataset;
        const { input } = data;
        const timed = record.take(await predictStage(runtime, input, options));
        if (!timed)
            return await record.finish();
        record.take(await goldenStage(timed, input, options));
        record.take(speedStage(timed, input, options.batchSize));
        const quality = record.take(qualityStage(timed, input, runtime.description, {
            task: options.task,
            finite: record.passed('finite-outputs'),
        }));
        const predictionsFile = record.take(await predictionsStage(external_node_path_.join(options.outputDir, 'predictions.jsonl'), timed, input, quality));
        return await record.finish({
            predictionsFile,
            task: quality.task,
            classNames: quality.classNames,
            confusionMatrix: quality.confusionMatrix,
            perClass: quality.perClass,
        });
    }
    finally {
        runtime.dispose();
    }
}
/** What the stages found so far; `finish` writes it as the metrics file. */
class SmokeRecord {
    checks = [];
    metrics = {};
    model;
    backend = 'none';
    dataset;
    metricsFile;
    constructor(options, modelPath) {
        this.model = { name: external_node_path_.basename(modelPath.replace(/[\\/]model\.json$/i, '')) };
        this.dataset = { path: options.data };
        this.metricsFile = external_node_path_.join(options.outputDir, 'metrics.json');
    }
    /** Records a stage's checks and metrics; returns its value (undefined: stop here). */
    take(stage) {
        this.checks.push(...stage.checks);
        Object.assign(this.metrics, stage.metrics);
        return stage.value;
    }
    passed(check) {
        return this.checks.find((c) => c.name === check)?.status === 'pass';
    }
    async finish(extra = {}) {
        await writeMetricsFile(this.metricsFile, {
            model: this.model,
            dataset: this.dataset,
            metrics: extra.perClass ? { ...this.metrics, per_class: extra.perClass } : this.metrics,
            checks: this.checks,
            backend: this.backend,
            // The per-row predictions beside this file (gate's significance-aware rules read it).
            ...(extra.predictionsFile ? { predictions: external_node_path_.basename(extra.predictionsFile) } : {}),
            ...(extra.task ? { task: extra.task } : {}),
            ...(extra.confusionMatrix
                ? { confusion_matrix: { labels: extra.classNames, matrix: extra.confusionMatrix } }
                : {}),
        });
        return {
            passed: this.checks.every((c) => c.status !== 'fail'),
            checks: this.checks,
            metrics: this.metrics,
            metricsFile: this.metricsFile,
            rows: this.metrics.rows ?? 0,
            backend: this.backend,
            model: this.model,
            ...extra,
        };
    }
}

;// CONCATENATED MODULE: ./packages/core/src/deploy/pre-deploy-validation.ts






async function validateBeforeDeploy(dir, manifest, options) {
    // The policy is read first: a broken policy should not cost a model run.
    const policy = await loadPolicy('validate-policy', options.policy);
    const smoke = await runSmokeTest({
        model: dir,
        data: options.data,
        cwd: options.workspace,
        features: options.features,
        labelColumn: options.labelColumn,
        task: 'auto',
        batchSize: 256,
        maxRows: 10_000,
        seed: 1,
        tolerance: 1e-4,
        backend: 'auto',
        outputDir: options.outputDir,
        warmup: 1,
        repeat: 2,
        log: (message) => options.log.info(message),
    });
    const failedChecks = smoke.checks.filter((c) => c.status === 'fail');
    if (failedChecks.length > 0) {
        throw new user_error/* UserError */.yo(`pre-deploy validation of ${manifest.name} ${manifest.version} on '${options.data}' failed: ${failedChecks
            .map((c) => `${c.name}: ${c.detail ?? 'failed'}`)
            .join('; ')}. Nothing was deployed.`, 'validate-data');
    }
    const metrics = await readMetricsFile('validate-data', smoke.metricsFile);
    const result = evaluatePolicy(policy, metrics, undefined, {
        metrics: 'validate-data',
        baseline: 'validate-policy',
    });
    const rules = result.checks.map((c) => `${c.metric}: ${c.verdict} (${c.reason})`);
    for (const line of rules)
        options.log.info(`validation ${line}`);
    if (!result.passed) {
        throw new user_error/* UserError */.yo(`pre-deploy validation of ${manifest.name} ${manifest.version} failed the policy: ${result.failed
            .map((c) => `${c.metric} ${c.reason}`)
            .join('; ')}. Nothing was deployed.`, 'validate-policy');
    }
    return { metricsFile: external_node_path_.resolve(smoke.metricsFile), metrics: smoke.metrics, rules };
}


/***/ }),

/***/ 48500:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ BackendUnavailableError)
/* harmony export */ });
/**
 * The backend asked for cannot run here (tfjs-node not installed in the workspace, or it failed
 * to load). A domain error: the caller that took the choice from an input (smoke-test's
 * `backend`) names that input when it reports it.
 */
class BackendUnavailableError extends Error {
    constructor(message) {
        super(message);
        this.name = 'BackendUnavailableError';
    }
}


/***/ })

};

//# sourceMappingURL=934.index.js.map