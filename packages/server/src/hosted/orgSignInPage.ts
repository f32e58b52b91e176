import type { FastifyReply } from 'fastify';
import type { ConfigCache } from '../org/configCache.js';
import type { Store } from '../store/store.js';
import { sendSignInPage, type SignInPageInput } from './signInPage.js';
import { pageLook } from './pageLook.js';

/** What a sign-in page continues (the rest of its input is the org's: base URL, name, branding). */
export type SignInPageStart = Omit<SignInPageInput, 'baseUrl' | 'orgName' | 'branding'>;

/**
 * The hosted sign-in page in the org's look. app.ts hands it to the OAuth surface, whose /authorize
 * shows it, so that oauth/ need not import hosted/.
 */
export const orgSignInPage = (deps: { store: Store; config: ConfigCache; baseUrl: string }) =>
  async (reply: FastifyReply, start: SignInPageStart): Promise<FastifyReply> =>
    sendSignInPage(reply, { baseUrl: deps.baseUrl, ...start, ...(await pageLook(deps.store, deps.config)) });
