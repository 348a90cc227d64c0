/** Bytes in a megabyte as download tools count them (decimal, like the hub's file sizes). */
const BYTES_PER_MB = 1_000_000;

/** `1234567` → `"1.2"`: decimal megabytes with one decimal. */
export function formatMegabytes(bytes: number): string {
  return (bytes / BYTES_PER_MB).toFixed(1);
}

/** A size for people: `"812 B"`, `"17.2 kB"`, `"12.6 MB"`, `"6.09 GB"`. */
export function formatSize(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < BYTES_PER_MB) return `${(bytes / 1_000).toFixed(1)} kB`;
  if (bytes < 1_000 * BYTES_PER_MB) return `${formatMegabytes(bytes)} MB`;
  return `${(bytes / 1_000 / BYTES_PER_MB).toFixed(2)} GB`;
}

/** `65` → `"1m05s"`; `3725` → `"1h02m"`; `9` → `"9s"`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${pad(Math.floor(s / 60) % 60)}m`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
