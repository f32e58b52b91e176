import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { AuthenticatorContext } from '../authenticators/authenticator.js';
import { AUTHENTICATORS } from '../authenticators/registry.js';
import type { Remediation } from './remediations.js';

/** What the identify step adds for signing in without an identifier; `started`: a challenge was begun (the transaction changed). */
export interface IdentifyExtras {
  remediations: Remediation[];
  context: Record<string, unknown>;
  started: boolean;
}

/**
 * The forms (and their context objects) of the ways to sign in from the identify step without an
 * identifier that the org offers (passkeys). Each way's challenge is begun once and kept in the
 * transaction until answered; `quiet` begins none.
 */
export async function identifyExtras(txn: IdxTransaction, ctx: AuthenticatorContext, quiet: boolean): Promise<IdentifyExtras> {
  const extras: IdentifyExtras = { remediations: [], context: {}, started: false };
  for (const a of AUTHENTICATORS) {
    const way = a.signInWithoutIdentifier;
    if (!way || !(await way.offered(ctx))) continue;
    let pending = txn.state.identifyChallenge?.authenticatorKey === a.key ? txn.state.identifyChallenge : undefined;
    if (!pending && quiet) continue;
    if (!pending) {
      pending = { authenticatorKey: a.key, methodType: a.methodType, data: await way.start(ctx) };
      txn.state.identifyChallenge = pending;
      extras.started = true;
    }
    const shown = way.present(pending.data);
    extras.remediations.push(...shown.forms.map((f) => ({ name: f.name, path: way.path, fields: f.fields, relatesTo: { to: 'object' as const, name: f.relatesTo } })));
    Object.assign(extras.context, shown.context);
  }
  return extras;
}
