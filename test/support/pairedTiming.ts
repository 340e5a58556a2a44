/**
 * Wilcoxon's signed-rank statistic as a z-score, for paired samples (a[i] measured next to b[i]):
 * near 0 when neither tends to be larger, far from 0 when one does. Ranks, not means, so a few
 * requests slowed by whatever else the machine runs do not decide it; pairs taken side by side
 * cancel the drift of a busy machine. Ties in |a - b| share their rank; zero differences drop out.
 */
export function signedRankZ(a: readonly number[], b: readonly number[]): number {
  const differences = a.map((value, i) => value - b[i]).filter((d) => d !== 0);
  const n = differences.length;
  if (n === 0) return 0;
  const order = differences.map((d, i) => ({ size: Math.abs(d), i })).sort((x, y) => x.size - y.size);
  const ranks = new Array<number>(n);
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && order[end + 1].size === order[start].size) end++;
    for (let k = start; k <= end; k++) ranks[order[k].i] = (start + end) / 2 + 1;
    start = end + 1;
  }
  const positive = differences.reduce((sum, d, i) => (d > 0 ? sum + ranks[i] : sum), 0);
  const mean = (n * (n + 1)) / 4;
  const spread = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
  return (positive - mean) / spread;
}
