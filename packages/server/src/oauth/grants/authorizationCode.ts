import type { App } from '../../store/repositories/apps.js';
import type { AuthorizationCode } from '../../store/repositories/tokens.js';
import { hashSecret } from '../../platform/crypto.js';
import { newId } from '../../platform/ids.js';
import { Describe, OAuthError } from '../errors.js';
import type { OAuthDeps } from '../deps.js';
import { required, type Params } from '../params.js';
import { verifyPkce } from '../pkce.js';
import type { ServerContext } from '../serverContext.js';
import type { TokenResponse } from '../tokens/issuer.js';
import { authorizeGrant } from './grantPolicy.js';
import { loadSubject } from './subject.js';

/** How one code-redeeming grant names its code and describes a bad one. */
export interface CodeKind {
  grantType: AuthorizationCode['grantType'];
  param: string;
  invalid: string;
}

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636). A code is used once: a second use revokes every token
 * its first use produced (RFC 6749 §4.1.2, RFC 9700 §4.5.1).
 */
export const authorizationCodeGrant = (deps: OAuthDeps, ctx: ServerContext, app: App, params: Params) =>
  redeemCode(deps, ctx, app, params, { grantType: 'authorization_code', param: 'code', invalid: Describe.invalidCode });

/** The redemption shared by authorization_code and interaction_code. */
export async function redeemCode(deps: OAuthDeps, ctx: ServerContext, app: App, params: Params, kind: CodeKind): Promise<TokenResponse> {
  const code = required(params, kind.param);
  const { store, clock } = deps;
  const now = clock.now();
  // The family is named when the code is consumed, so a replay of the code finds what to revoke.
  const familyId = newId('tokenFamily');
  const consumed = await store.tokens.consumeCode(hashSecret(code), familyId, now);
  if (!consumed) throw new OAuthError('invalid_grant', kind.invalid);
  if ('reusedFamilyId' in consumed) {
    if (consumed.reusedFamilyId) await store.tokens.revokeFamily(consumed.reusedFamilyId, 'code_reuse', now);
    throw new OAuthError('invalid_grant', kind.invalid);
  }
  const grant = consumed.code;
  if (grant.grantType !== kind.grantType || grant.clientId !== app.clientId || grant.serverId !== ctx.server.id || grant.expiresAt <= now) {
    throw new OAuthError('invalid_grant', kind.invalid);
  }
  if (grant.redirectUri !== null && params.redirect_uri !== grant.redirectUri) {
    throw new OAuthError('invalid_grant', "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
  }
  if (grant.codeChallenge !== null) {
    if (!verifyPkce(grant.codeChallenge, grant.codeChallengeMethod, params.code_verifier)) throw new OAuthError('invalid_grant', Describe.pkceFailed);
  } else if (app.tokenEndpointAuthMethod === 'none' || app.pkceRequired) {
    throw new OAuthError('invalid_grant', Describe.pkceFailed);
  } else if (params.code_verifier !== undefined) {
    throw new OAuthError('invalid_grant', Describe.pkceFailed);
  }

  const subject = await loadSubject(store, grant.userId, grant.authTime, grant.amr, kind.invalid);
  const rule = authorizeGrant(ctx, { clientId: app.clientId, grantType: kind.grantType, scopes: grant.scopes, user: { id: subject.user.id, groups: subject.groups } });
  const issued = await deps.tokens.issue({ ctx, app, rule, scopes: grant.scopes, grantType: kind.grantType, subject, nonce: grant.nonce, newFamilyId: familyId });
  return issued.body;
}
