import type { ServerContext } from './serverContext.js';

/** The absolute URLs of a server's endpoints, as published in its metadata. */
export function endpoints(ctx: ServerContext) {
  const v1 = ctx.endpointBase;
  return {
    authorization: `${v1}/authorize`,
    token: `${v1}/token`,
    interaction: `${v1}/interact`,
    userinfo: `${v1}/userinfo`,
    keys: `${v1}/keys`,
    introspection: `${v1}/introspect`,
    revocation: `${v1}/revoke`,
    endSession: `${v1}/logout`,
  };
}
