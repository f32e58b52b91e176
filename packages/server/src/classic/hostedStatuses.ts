import type { StepView } from '../engine/step.js';
import { link } from './authnLinks.js';

type Json = Record<string, unknown>;

/**
 * The statuses only a transaction the hosted page runs has (one begun at /v1/authorize for a Classic
 * app, not by a primary authentication): before anyone is identified, and once it succeeded.
 */

/** Nobody is identified yet: primary authentication (`authenticate`: POST /api/v1/authn with the stateToken) comes next. */
export function unauthenticatedStatus(view: StepView, base: Json, url: (path: string) => string): Json | undefined {
  if (view.user || !view.remediations.some((r) => r.name === 'identify')) return undefined;
  return { ...base, status: 'UNAUTHENTICATED', _embedded: {}, _links: { next: link(url(''), { name: 'authenticate' }) } };
}

/**
 * Signed in: no sessionToken, but the `original` link the browser follows (GET, once) to get the
 * session and go back to the app with its code. Okta's widget calls it as the success's `next()`.
 * The app signed in to is the `target` (as Okta embeds it in an app's transaction).
 */
export const redirectSuccess = (base: Json, embedded: Json, href: string, app: StepView['app']): Json => ({
  ...base, status: 'SUCCESS', _embedded: { ...embedded, target: { type: 'APP', name: app.name, label: app.label, clientId: app.id } },
  _links: { next: { name: 'original', href, hints: { allow: ['GET'] } } },
});
