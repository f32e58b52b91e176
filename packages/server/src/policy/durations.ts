/** ISO 8601 durations as Okta's policies write them (`PT2H`, `PT30M`, `P1D`, `PT0S`): days, hours, minutes, seconds. */
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Milliseconds, or undefined when absent or not a duration of that form. */
export function durationMs(value: string | undefined): number | undefined {
  const m = value === undefined || value === 'P' || value.endsWith('T') ? null : DURATION.exec(value);
  if (!m) return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}
