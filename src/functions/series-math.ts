/**
 * Numeric helpers the series_* families share (series.ts, series-periods.ts, series-fit.ts), so the
 * least-squares line, the correlation and the median are written once.
 */

export interface LineFit {
  slope: number;
  interception: number;
  rsquare: number;
  variance: number;
  rvariance: number;
}

/**
 * Least squares over x = 1..m of the first m points (m = y.length unless given). variance is the sample
 * variance (n - 1) and rvariance the residual sum of squares over n - 1, as the reference's worked
 * example of series_fit_line has them.
 */
export function fitLine(y: readonly number[], m = y.length): LineFit {
  if (m === 0) return { slope: 0, interception: 0, rsquare: 0, variance: 0, rvariance: 0 };
  const mx = (m + 1) / 2;
  let my = 0;
  for (let i = 0; i < m; i++) my += y[i]!;
  my /= m;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < m; i++) {
    sxy += (i + 1 - mx) * (y[i]! - my);
    sxx += (i + 1 - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const interception = my - slope * mx;
  let sst = 0;
  let ssr = 0;
  for (let i = 0; i < m; i++) {
    sst += (y[i]! - my) ** 2;
    ssr += (y[i]! - (slope * (i + 1) + interception)) ** 2;
  }
  const dof = m > 1 ? m - 1 : 1;
  // A constant series is fitted exactly: r-square 1.
  return { slope, interception, rsquare: sst === 0 ? 1 : 1 - ssr / sst, variance: sst / dof, rvariance: ssr / dof };
}

/** The Pearson correlation of the first min(|x|, |y|) points; NaN when empty or either side is constant. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n === 0) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** The median (the mean of the middle two for an even count); undefined for no values. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
