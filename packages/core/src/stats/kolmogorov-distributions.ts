/**
 * Distributions of Kolmogorov–Smirnov statistics, following the algorithms scipy uses so that
 * `ks` p-values agree with `scipy.stats.ks_2samp(method="auto")`:
 *
 * - two-sample exact: the probability that a uniformly random lattice path from (0,0) to (m,n)
 *   leaves the band |x/m − y/n| < h/lcm(m,n), computed as that probability directly (no 1 − p
 *   cancellation); for m = n the closed alternating-sum form.
 * - one-sample two-sided `kstwo` (used by the asymptotic two-sample test with n = round(mn/(m+n))):
 *   Simard & L'Ecuyer's choice between the Ruben–Gambino closed forms, the Durbin matrix (Marsaglia–
 *   Tsang–Wang), the Pomeranz recursion, the Pelz–Good series and 2 × the one-sided Smirnov
 *   survival function (Birnbaum–Tingey sum).
 */

const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;
const MIN_LOG = -708.3964185322641;
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;

const clip = (p: number) => Math.min(1, Math.max(0, p));

/** Round half to even, as numpy's `round`. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * P(D ≥ h/lcm(m,n)) for the two-sample statistic under the null hypothesis (no ties), for the
 * integer `h` the observed D rounds to.
 */
export function ksTwoSampleExactSf(n1: number, n2: number, h: number): number {
  if (h <= 0) return 1;
  if (n1 === n2) return outsideSquare(n1, h);
  const g = gcd(n1, n2);
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  // A[j] holds the probability that a random path to (i, j) has already left the band;
  // points outside the band count as 1. Windows only move up, so A[j] above the window stays 1.
  const A = new Float64Array(n + 1).fill(1);
  let hi = Math.min(Math.ceil(h / mg) - 1, n);
  for (let j = 0; j <= hi; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    hi = Math.min(Math.ceil((ng * i + h) / mg) - 1, n);
    if (hi < lo) return 1;
    let val = lo === 0 ? A[0] : 1;
    const start = lo === 0 ? 1 : lo;
    for (let j = start; j <= hi; j++) {
      val = (A[j] * i + val * j) / (i + j);
      A[j] = val;
    }
  }
  return clip(A[n]);
}

/** m = n: P = 2 Σ_k (−1)^(k−1) C(2n, n−kh)/C(2n, n), evaluated Horner-style to avoid cancellation. */
function outsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return clip(2 * P);
}

/**
 * One-sided Smirnov survival P(D⁺_n ≥ x) by the Birnbaum–Tingey sum
 * x Σ_{j < n(1−x)} C(n,j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1), all terms positive, in log space.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  const nxFloor = Math.floor(nx);
  if (nxFloor === 0 || (nxFloor === 1 && nx === 1)) return clip(1 - x * (1 + x) ** (n - 1));
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return clip((1 - x) ** n);
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    // sf = 1 − cdf with cdf = −expm1(logp); the exp form keeps precision for small p.
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  // Terms while 1 − x − j/n > 0.
  const last = Math.ceil(n - nx) - 1;
  let logC = 0;
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    const a = (n - j) / n - x;
    if (a <= 0) break;
    const logTerm = logC + (n - j) * Math.log(a) + (j - 1) * Math.log(x + j / n);
    const term = Math.exp(logTerm);
    sum += term;
    if (term > 0 && 4 * (last - j) * term < Number.EPSILON * sum && j !== last) break;
    if (term === 0 && j > n / 2) break;
    logC += Math.log((n - j) / (j + 1));
  }
  return clip(x * sum);
}

function logFactorialOverPower(n: number): number {
  const coeffs = [
    -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
    -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
  ];
  const rn = 1 / n;
  const y = rn / n;
  let poly = 0;
  for (const c of coeffs) poly = poly * y + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j];
    }
  }
  return out;
}

/** P(D_n ≤ d) by the Durbin matrix H^n (Marsaglia, Tsang & Wang), with exponent bookkeeping. */
function kolmogornDurbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];
  let P = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let exponent = 0;
  let hExponent = 0;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2) {
      P = matmul(P, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]) > P128) {
      for (let i = 0; i < H.length; i++) H[i] /= P128;
      hExponent += E128;
    }
  }
  let p = P[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      exponent -= E128;
    }
  }
  return clip(p * 2 ** exponent);
}

function pomeranzWindow(
  i: number,
  n: number,
  ll: number,
  ceilf: number,
  roundf: number,
): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n ≤ x) by the Pomeranz recursion (used for n ≤ 140). */
function kolmogornPomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const size = 2 * (ll + 1);
  const gpow = new Float64Array(size);
  const twoG = new Float64Array(size);
  const oneMinusTwoG = new Float64Array(size);
  gpow[0] = twoG[0] = oneMinusTwoG[0] = 1;
  for (let m = 1; m < size; m++) {
    gpow[m] = (gpow[m - 1] * (g / n)) / m;
    twoG[m] = (twoG[m - 1] * ((2 * g) / n)) / m;
    oneMinusTwoG[m] = (oneMinusTwoG[m - 1] * ((1 - 2 * g) / n)) / m;
  }
  let V0 = new Float64Array(size);
  let V1 = new Float64Array(size);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  let j1 = pomeranzWindow(0, n, ll, ceilf, roundf)[0];
  let j2: number;
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzWindow(i, n, ll, ceilf, roundf);
    const pw = i === 1 || i === 2 * n + 1 ? gpow : i % 2 ? twoG : oneMinusTwoG;
    const len = j2 - k1 + 1;
    if (len <= 0) continue;
    const aStart = k1 - V0s;
    const aLen = Math.min(len, size - aStart);
    const bLen = Math.min(len, size);
    const outStart = j1 - k1;
    const outLen = j2 - j1 + 1;
    let max = 0;
    for (let o = 0; o < outLen; o++) {
      // Full convolution of a = V0[aStart…], b = pw[0…], entry (outStart + o).
      const c = outStart + o;
      let s = 0;
      for (let q = Math.max(0, c - bLen + 1); q <= Math.min(c, aLen - 1); q++)
        s += V0[aStart + q] * pw[c - q];
      V1[o] = s;
      if (s > max) max = s;
    }
    if (max > 0 && max < M128) {
      for (let o = 0; o < outLen; o++) V1[o] *= P128;
      exponent -= E128;
    }
    V1s = V0s + j1 - k1;
  }
  let ans = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > P128) {
      ans *= M128;
      exponent += E128;
    }
    ans *= m;
  }
  return clip(ans * 2 ** exponent);
}

/** Pelz–Good asymptotic series for P(D_n ≤ x). */
function kolmogornPelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = q ** (8 * k);
    const coeffs = [
      1,
      k1a + k1b * m2,
      k2a + k2b * m2 + k2c * m4,
      k3a + k3b * m2 + k3c * m4 + k3d * m6,
    ];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const denominators = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT_2PI) / denominators[i];
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    k2extra += k2 * qp;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K[2] += (k2extra * PI2 * SQRT_2PI) / (-36 * z3);
  K[3] += (k3extra * PI2 * SQRT_2PI) / (216 * z6);
  for (let i = 0; i < 4; i++) K[i] /= n ** (i / 2);
  return K[0] + K[1] + K[2] + K[3];
}

/**
 * Survival function of the two-sided one-sample statistic D_n (scipy's `kstwo.sf(x, n)`):
 * picks the method by n and n·x² as Simard & L'Ecuyer (2011) recommend.
 */
export function kolmogornSf(n: number, x: number): number {
  if (!(Number.isInteger(n) && n > 0)) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip(1 - kolmogornDurbinCdf(n, x));
    if (nx2 <= 4) return clip(1 - kolmogornPomeranzCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  let cdf: number;
  if (nx2 >= 18) cdf = 1;
  else if (n <= 100_000 && n * x ** 1.5 <= 1.4) cdf = kolmogornDurbinCdf(n, x);
  else cdf = kolmogornPelzGoodCdf(n, x);
  return clip(1 - cdf);
}

/** Two-sided p-value of the two-sample KS statistic d as scipy's `ks_2samp(method="auto")`. */
export function ksTwoSamplePValue(
  n1: number,
  n2: number,
  d: number,
): { pValue: number; statistic: number; exact: boolean } {
  if (Math.max(n1, n2) <= 10_000) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    return { pValue: ksTwoSampleExactSf(n1, n2, h), statistic: h / lcm, exact: true };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  return { pValue: clip(kolmogornSf(roundHalfEven(en), d)), statistic: d, exact: false };
}
