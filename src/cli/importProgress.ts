/** How often the progress line is redrawn, at most. */
export const PROGRESS_INTERVAL_MS = 250;

export interface Progress {
  written: number;
  seconds: number;
  /** Fraction of the file read, 0..1, for the ETA. */
  fraction: number;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** `  45,000 written   22,500/s   ETA 3s`: the line redrawn on a terminal while importing. */
export function progressLine({ written, seconds, fraction }: Progress): string {
  const rate = seconds > 0 ? written / seconds : 0;
  const eta = fraction > 0 && fraction < 1 ? (seconds / fraction) * (1 - fraction) : fraction >= 1 ? 0 : Infinity;
  return `${count(written).padStart(10)} written  ${count(rate).padStart(8)}/s  ETA ${duration(eta)}`;
}

/** The last line of a run, whether it finished or stopped. */
export function summaryLine(type: string, written: number, skipped: number, seconds: number): string {
  const rate = seconds > 0 ? written / seconds : 0;
  const skip = skipped > 0 ? ` (after skipping ${count(skipped)})` : '';
  return `imported ${count(written)} ${type} objects${skip} in ${seconds.toFixed(1)}s (${count(rate)}/s)`;
}
