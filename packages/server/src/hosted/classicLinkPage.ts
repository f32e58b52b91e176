import type { FastifyReply } from 'fastify';
import type { ConfigCache } from '../org/configCache.js';
import type { Store } from '../store/store.js';
import { orgSignInPage } from './orgSignInPage.js';

export interface ClassicLinkDeps { store: Store; config: ConfigCache; baseUrl: string }

/**
 * The hosted page in Classic mode for an emailed Classic link: for reset or unlock, the widget gets the
 * link's `recoveryToken` (Okta's widget v7 in Classic mode redeems it at /api/v1/authn/recovery/token
 * and shows the new-password form, or that the account is unlocked); for activation, the `stateToken`
 * of the transaction the server began with the link's token. A sign-in that follows ends with a
 * sessionToken, which the page trades for the session on the way to the org's start page.
 */
export async function sendClassicLinkPage(reply: FastifyReply, deps: ClassicLinkDeps, link: { recoveryToken: string } | { stateToken: string }): Promise<FastifyReply> {
  return orgSignInPage(deps)(reply, { classic: true, ...link, fromURI: `${deps.baseUrl}/` });
}
