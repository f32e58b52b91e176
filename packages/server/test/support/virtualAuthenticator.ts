import type { CDPSession, Page } from 'playwright-core';

/**
 * A platform authenticator in Chromium (DevTools' virtual authenticator: CTAP2, resident keys, user
 * verification that succeeds), holding `credentials` already made (WebAuthn.getCredentials of another), if any.
 */
export async function virtualAuthenticator(page: Page, credentials: unknown[] = []): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  for (const credential of credentials) await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: credential as never });
  return { cdp, authenticatorId };
}
