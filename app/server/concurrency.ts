// How many worker processes serve HTTP (WEB_CONCURRENCY): one per core by default. A value that is
// not a whole number of workers stops the start with one line naming it.

/** At most this many workers: beyond, a typo (3000 for 3) rather than a machine. */
export const MAX_WORKERS = 64;

export function parseWebConcurrency(raw: string | undefined, cores: number): number {
  if (raw === undefined || raw.trim() === "") return Math.max(1, Math.min(MAX_WORKERS, cores));
  const value = raw.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_WORKERS) {
    throw new Error(`WEB_CONCURRENCY must be a whole number of workers from 1 to ${MAX_WORKERS} (got "${raw}")`);
  }
  return Number(value);
}
