import { str, type Body } from '../http/requestBody.js';

type Credentials = Record<string, string>;

/** The body's string fields of `names`, under the same names (WebAuthn's are named alike in authn and IDX). */
function given(body: Body, names: readonly string[]): Credentials {
  return Object.fromEntries(names.flatMap((name) => (str(body[name]) ? [[name, str(body[name])!]] : [])));
}

const ASSERTION = ['clientData', 'authenticatorData', 'signatureData'] as const;
const ATTESTATION = ['clientData', 'attestation', 'transports', 'clientExtensions'] as const;

/**
 * What a verify call answers the factor with, as the engine's credentials: a code (`passCode`), a
 * security question's `answer`, or a WebAuthn assertion; undefined when it answers nothing (the call
 * only chooses the factor, or asks for its challenge).
 */
export function verifyAnswer(body: Body): Credentials | undefined {
  const passcode = str(body.passCode);
  const answer = str(body.answer);
  const assertion = given(body, ASSERTION);
  if (!passcode && !answer && Object.keys(assertion).length === 0) return undefined;
  return { ...(passcode && { passcode }), ...(answer && { answer }), ...assertion };
}

/** What an activate call proves the new factor with: the code sent or shown (`passCode`), or a WebAuthn attestation. */
export function activationAnswer(body: Body): Credentials | undefined {
  const passcode = str(body.passCode);
  if (passcode) return { passcode };
  const attestation = given(body, ATTESTATION);
  return attestation.attestation || attestation.clientData ? attestation : undefined;
}
