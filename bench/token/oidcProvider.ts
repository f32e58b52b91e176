/**
 * The comparison server of the token benchmark: panva's oidc-provider, configured to do what
 * Latchkey does for `client_credentials` — authenticate a client by client_secret_basic and answer
 * an RS256 (2048-bit) JWT access token for the audience `api://default`. Memory adapter (the
 * default; JWT access tokens are not stored anyway), no logging.
 *
 * Run by bench/token/run.ts as its own Node process:
 *   node --import tsx bench/token/oidcProvider.ts PORT CLIENT_ID CLIENT_SECRET SCOPE
 * It prints `ready` on stdout once it listens.
 */
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [portArg, clientId, clientSecret, scope] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || !clientId || !clientSecret || !scope) {
  process.stderr.write('usage: oidcProvider.ts PORT CLIENT_ID CLIENT_SECRET SCOPE\n');
  process.exit(2);
}

const AUDIENCE = 'api://default';
/** Latchkey's default access token lifetime (the rule's 60 minutes). */
const ACCESS_TOKEN_TTL_S = 3600;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };

const resourceServer = {
  scope,
  audience: AUDIENCE,
  accessTokenTTL: ACCESS_TOKEN_TTL_S,
  accessTokenFormat: 'jwt',
  jwt: { sign: { alg: 'RS256' } },
};

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
    scope,
  }],
  jwks: { keys: [signingJwk] },
  scopes: scope.split(' '),
  cookies: { keys: ['latchkey-bench-cookie-key-not-used'] },
  ttl: { ClientCredentials: ACCESS_TOKEN_TTL_S },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => AUDIENCE,
      getResourceServerInfo: async () => resourceServer,
      useGrantedResource: async () => true,
    },
  },
});

// Only failures are reported: a benchmark should not pay for per-request logging.
provider.on('server_error', (_ctx: unknown, error: Error) => process.stderr.write(`oidc-provider server_error: ${error.stack ?? error}\n`));

const server = provider.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
