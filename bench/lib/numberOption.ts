/**
 * A numeric benchmark option: the command-line value, else the environment variable `env`
 * (BENCH_*), else `fallback`. Anything that is not a number of at least `min` stops the run with
 * one line naming both spellings.
 */
export function numberOption<F extends number | undefined>(value: string | undefined, env: string, fallback: F, min: number): number | F {
  const raw = value ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${env} / --${env.slice(6).toLowerCase().replaceAll('_', '-')} must be a number >= ${min}, not ${JSON.stringify(raw)}`);
  return n;
}
