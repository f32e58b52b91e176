import { startAuthentication, startRegistration, type AuthenticatorTransportFuture, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import type { IdxResponse } from '../idx/types.js';
import type { AuthenticatorUi } from './types.js';

/** The user's credentials, as the server lists them (one enrollment each): the browser may use only these. */
const allowedCredentials = (response: IdxResponse) => (response.authenticatorEnrollments?.value ?? [])
  .filter((e) => e.key === 'webauthn' && e.credentialId)
  .map((e) => ({ id: e.credentialId!, type: 'public-key' as const, transports: e.transports as AuthenticatorTransportFuture[] | undefined }));

/** Signs Okta's challengeData with a credential; `allowCredentials` empty: any discoverable one (a passkey). */
export async function assertion(challengeData: Record<string, unknown>, allowCredentials: ReturnType<typeof allowedCredentials>, withUserHandle: boolean) {
  const { response } = await startAuthentication({
    optionsJSON: { challenge: String(challengeData.challenge), userVerification: challengeData.userVerification as UserVerificationRequirement, allowCredentials },
  });
  return {
    credentials: {
      clientData: response.clientDataJSON, authenticatorData: response.authenticatorData, signatureData: response.signature,
      ...(withUserHandle && { userHandle: response.userHandle }),
    },
  };
}

/** Security keys and passkeys: the browser registers or signs with a button press, nothing is typed. */
export const webauthn: AuthenticatorUi = {
  key: 'webauthn',
  title: (t, a, enrolling) => (enrolling ? t.t('oie.enroll.webauthn.title') : t.t('latchkey.verify.title', [a.displayName ?? ''])),
  subtitle: (t, _a, enrolling) => t.t(enrolling ? 'oie.enroll.webauthn.instructions' : 'oie.verify.webauthn.instructions'),
  passcode: () => ({}),
  controller: (enrolling) => (enrolling ? 'enroll-webauthn' : 'mfa-verify-webauthn'),
  ceremony: (c, enrolling) => {
    const data = c.authenticator?.contextualData;
    if (enrolling && data?.activationData) {
      return {
        buttonKey: 'oie.enroll.webauthn.save',
        failureKey: 'authfactor.webauthn.error',
        run: async () => {
          const { response, clientExtensionResults } = await startRegistration({ optionsJSON: data.activationData as PublicKeyCredentialCreationOptionsJSON });
          return {
            credentials: {
              clientData: response.clientDataJSON, attestation: response.attestationObject,
              transports: JSON.stringify(response.transports ?? []), clientExtensions: JSON.stringify(clientExtensionResults),
            },
          };
        },
      };
    }
    const challengeData = data?.challengeData as Record<string, unknown> | undefined;
    if (enrolling || !challengeData) return undefined;
    return { buttonKey: 'oform.verify', failureKey: 'authfactor.webauthn.error', run: () => assertion(challengeData, allowedCredentials(c.response), false) };
  },
};
