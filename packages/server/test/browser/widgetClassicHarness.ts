import assert from 'node:assert/strict';
import type { Rig, RenderContext, Session } from './widgetHarness.js';

/**
 * Latchkey's widget in Classic mode (`useClassicEngine: true`) on the app's page of widgetHarness.ts:
 * what the Classic widget tests share.
 */

/** The option that selects Classic mode; the app's page settles through renderEl then. */
export const CLASSIC = { useClassicEngine: true };

/** The dashboard app: Latchkey evaluates an authn sign-in against its authentication policy. */
export const DASHBOARD = 'latchkey.dashboard';

/** A dashboard policy: the people of `group` give a second factor, everyone else the password only. */
export const dashboardPolicy = (group: string) => ({
  type: 'ACCESS_POLICY', name: 'Dashboard', priority: 1, conditions: { apps: { include: [DASHBOARD] } },
  rules: [
    { name: group, priority: 1, conditions: { people: { groups: { include: [group] } } }, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', constraints: [{ knowledge: { types: ['password'] } }] } } } },
    { name: 'Password', priority: 2, conditions: {}, actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] } }] } } } },
  ],
});

/** Waits for the widget's latest render to be the Classic screen `controller` (Okta's name: primary-auth, mfa-verify, …), after `after` renders. */
export async function waitForScreen(session: Session, controller: string, after = 0): Promise<RenderContext> {
  try {
    await session.page.waitForFunction(([name, seen]) => {
      const all = (window as any).widgetLog.renders as RenderContext[];
      return all.length > seen && all[all.length - 1].controller === name;
    }, [controller, after] as const, { timeout: 15_000 });
  } catch (error) {
    const seen = await session.page.evaluate(() => ({ log: (window as any).widgetLog, failure: (window as any).widgetFailure }));
    throw new Error(`the widget did not show ${controller}: ${JSON.stringify(seen)}\n${session.report}`, { cause: error });
  }
  return session.page.evaluate(() => (window as any).widgetLog.renders.at(-1));
}

/** What renderEl succeeded with: Okta's Classic success data, its functions by their type. */
export interface ClassicSuccessSeen {
  status: string;
  type: string;
  login?: string;
  token?: string;
  setCookieAndRedirect: string;
  next: string;
}

export async function classicSuccess(session: Session): Promise<ClassicSuccessSeen> {
  try {
    await session.page.waitForFunction(() => 'widgetResult' in window || 'widgetFailure' in window, undefined, { timeout: 15_000 });
  } catch (error) {
    const log = await session.page.evaluate(() => (window as any).widgetLog);
    throw new Error(`the widget did not settle: ${JSON.stringify(log)}\n${session.report}`, { cause: error });
  }
  const seen = await session.page.evaluate(() => {
    const w = window as any;
    const r = w.widgetResult;
    return { failure: w.widgetFailure, result: r && { status: r.status, type: r.type, login: r.user?.profile?.login, token: r.session?.token, setCookieAndRedirect: typeof r.session?.setCookieAndRedirect, next: typeof r.next } };
  });
  assert.ok(seen.result, `renderEl failed: ${seen.failure}`);
  return seen.result;
}

/**
 * Calls the success data's `session.setCookieAndRedirect()` as a Classic app does: the browser goes to
 * /login/sessionCookieRedirect and on to the app's redirect URI. Answers the session Latchkey then
 * knows by the browser's cookie (GET /api/v1/sessions/me).
 */
export async function setCookieAndRedirect(rig: Rig, session: Session): Promise<{ status: number; login?: string }> {
  await Promise.all([
    session.page.waitForURL((url) => url.href.startsWith(rig.page.callbackUrl)),
    session.page.evaluate(() => (window as any).widgetResult.session.setCookieAndRedirect()),
  ]);
  const me = await session.page.context().request.get(`${rig.server.url}/api/v1/sessions/me`, { headers: { Accept: 'application/json' } });
  const body = me.ok() ? await me.json() as { login?: string } : {};
  return { status: me.status(), login: body.login };
}
