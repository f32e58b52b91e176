const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT_MS = [24 * 3600_000, 3600_000, 60_000, 1000];

/**
 * An ISO 8601 duration in days, hours, minutes and seconds (`P30D`, `PT5M`, `P1DT12H`) in
 * milliseconds; undefined for anything else (years and months have no fixed length).
 */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  return match.slice(1).reduce((ms, n, i) => ms + Number(n ?? 0) * UNIT_MS[i], 0);
}
