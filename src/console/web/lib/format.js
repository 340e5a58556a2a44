import { h } from './dom.js';

/** A stored value as a table cell or a page shows it; always text, never markup. */
export function formatValue(value) {
  if (value === null || value === undefined) return h('span', { class: 'empty' }, '—');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `1.5 KB`, `3 MB`. */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size.toFixed(size < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A field the viewer may not read: shown as such, with the server's reason on hover. */
export function masked(error) {
  return h('span', { class: 'masked', title: error.message }, 'masked');
}

/** `12,345`. */
export function formatCount(count) {
  return count.toLocaleString('en-US');
}

/** A time as the operator reads it: the stored UTC instant, without the milliseconds. */
export function formatTime(iso) {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
