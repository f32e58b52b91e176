import type { GraceRecord } from '../store/repositories/enrollmentGrace.js';

/**
 * Okta's grace period for a required authenticator: until it ends the person may postpone enrolling
 * it (the skip remediation), and is asked again at most once a day; once it ends, enrolling is
 * forced. It ends on a date (BY_DATE_TIME) or after a number of skips (BY_SKIP_COUNT).
 */
export type GracePeriod = { type: 'BY_DATE_TIME'; expiry: number } | { type: 'BY_SKIP_COUNT'; skipCount: number };


/** The grace period as the client is told (Okta's `gracePeriod` of an authenticator offered). */
export type GraceView = { type: 'BY_DATE_TIME'; expiry: string } | { type: 'BY_SKIP_COUNT'; remainingSkips: number };

/** `open`: offered with skip; `postponed`: skipped less than a day ago, not asked again yet; `over`: enrolling is forced. */
export type GraceStanding = { state: 'open'; view: GraceView } | { state: 'postponed' } | { state: 'over' };

/** Okta asks again at most once a day while the grace period lasts. */
export const ASK_AGAIN_AFTER_MS = 24 * 60 * 60_000;

export function graceStanding(period: GracePeriod | undefined, record: GraceRecord | undefined, now: number): GraceStanding {
  if (!period) return { state: 'over' };
  const skips = record?.skips ?? 0;
  if (period.type === 'BY_DATE_TIME' ? !(now < period.expiry) : skips >= period.skipCount) return { state: 'over' };
  if (record && now - record.lastSkippedAt < ASK_AGAIN_AFTER_MS) return { state: 'postponed' };
  const view: GraceView = period.type === 'BY_DATE_TIME'
    ? { type: 'BY_DATE_TIME', expiry: new Date(period.expiry).toISOString() }
    : { type: 'BY_SKIP_COUNT', remainingSkips: period.skipCount - skips };
  return { state: 'open', view };
}
