import type { IdxAuthenticator } from '../idx/types.js';
import type { Translator } from '../i18n/translator.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * How long a required authenticator offered for enrollment may still wait (its grace period), as
 * Okta's widget says it: whole days left until `expiry`, else the skips left; undefined when over.
 */
export function gracePeriodText(grace: IdxAuthenticator['gracePeriod'], t: Translator, now = Date.now()): string | undefined {
  const expiry = grace?.expiry === undefined ? Number.NaN : Date.parse(grace.expiry);
  if (now < expiry) {
    const days = Math.floor((expiry - now) / DAY_MS);
    if (days === 0) return t.t('oie.enrollment.policy.grace.period.required.today');
    return days === 1 ? t.t('oie.enrollment.policy.grace.period.required.in.one.day') : t.t('oie.enrollment.policy.grace.period.required.in.days', [days]);
  }
  const skips = grace?.remainingSkips ?? 0;
  if (skips <= 0) return undefined;
  return skips === 1 ? t.t('oie.enrollment.policy.grace.period.required.in.one.skip') : t.t('oie.enrollment.policy.grace.period.required.in.number.of.skips', [skips]);
}
