/**
 * The floor of a password sign-in on this machine: a bare node:http server that answers the five
 * exchanges of bench/idx-login's login loop with the smallest bodies the loop reads, and does only
 * the work no identity server can skip — one argon2id verification (Latchkey's parameters, on the
 * thread pool) and two RS256 signatures (access and ID token). No store, no policy, no validation.
 * Latchkey's rate divided by this one's is what Latchkey's own logic costs.
 *
 *   node --import tsx bench/idx-login/floorServer.ts <port> <argon2id hash of the password>
 *
 * Prints `listening` when ready.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { verify } from '@node-rs/argon2';

const [port, passwordHash] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;
const ION = 'application/ion+json; okta-version=1.0.0';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const handle = () => randomBytes(32).toString('base64url');

function jwt(claims: Record<string, unknown>): Promise<string> {
  const input = `${encode({ alg: 'RS256', kid: 'floor' })}.${encode(claims)}`;
  return new Promise((resolve, reject) => sign('sha256', Buffer.from(input), privateKey, (error, signature) => (error ? reject(error) : resolve(`${input}.${signature.toString('base64url')}`))));
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

const form = (name: string, path: string, fields: string[]) => ({
  remediation: { value: [{ name, href: `${base}${path}`, accepts: ION, value: [...fields.map((f) => ({ name: f })), { name: 'stateHandle', value: handle() }] }] },
});

const routes: Record<string, (text: string) => Promise<[number, unknown]>> = {
  '/oauth2/default/v1/interact': async () => [200, { interaction_handle: handle() }],
  '/idp/idx/introspect': async () => [200, form('identify', '/idp/idx/identify', ['identifier'])],
  '/idp/idx/identify': async () => [200, form('challenge-authenticator', '/idp/idx/challenge/answer', ['credentials'])],
  '/idp/idx/challenge/answer': async (text) => {
    const ok = await verify(passwordHash, String((JSON.parse(text) as { credentials?: { passcode?: unknown } }).credentials?.passcode ?? ''));
    if (!ok) return [401, { messages: { value: [{ message: 'Password is incorrect' }] } }];
    return [200, { successWithInteractionCode: { href: `${base}/oauth2/default/v1/token`, value: [{ name: 'interaction_code', value: handle() }] } }];
  },
  '/oauth2/default/v1/token': async () => {
    const now = Math.floor(Date.now() / 1000);
    const [accessToken, idToken] = await Promise.all([
      jwt({ iss: base, sub: 'user', aud: 'api://default', iat: now, exp: now + 3600, jti: handle(), scp: ['openid', 'profile'] }),
      jwt({ iss: base, sub: 'user', aud: 'bench-spa', iat: now, exp: now + 3600, amr: ['pwd'] }),
    ]);
    return [200, { token_type: 'Bearer', expires_in: 3600, access_token: accessToken, id_token: idToken, scope: 'openid profile' }];
  },
};

createServer(async (req, res) => {
  const route = routes[req.url ?? ''];
  const text = await body(req);
  if (req.method !== 'POST' || !route) return send(res, 404, { error: 'not_found' });
  try {
    const [status, value] = await route(text);
    send(res, status, value);
  } catch (error) {
    send(res, 500, { error: String(error) });
  }
}).listen(Number(port), '127.0.0.1', () => console.log('listening'));
