import type { Config } from '../config/config.js';
import { createLatchkey, type Latchkey } from '../app.js';
import { describeImport } from './importSummary.js';

/** `customServerIds`: the org's authorization servers besides the built-in org server, each with its own issuer. */
function banner(lk: Latchkey, customServerIds: string[]): string {
  const base = lk.config.baseUrl;
  const issuers = [{ label: 'org issuer:', issuer: base }, ...customServerIds.map((id) => ({ label: `${id} issuer:`, issuer: `${base}/oauth2/${id}` }))];
  const lines = [
    `Latchkey is running at ${base}`,
    ...issuers.map(({ label, issuer }) => `  ${label.padEnd(17)}${issuer}  (${issuer}/.well-known/openid-configuration)`),
    `  health:          ${base}/healthz  ${base}/readyz`,
    `  database:        ${lk.store.dialect === 'sqlite' ? lk.config.databaseUrl : 'postgres'}`,
  ];
  if (lk.config.devMode) lines.push(`  dev mode:        on: ${base}/api/dev/outbox hands out sign-in codes to anyone; never in production`);
  if (lk.seeded) {
    const s = lk.seeded;
    lines.push(
      '',
      'Seeded a development org. These secrets are shown once; only their hashes are stored:',
      `  admin user:       ${s.adminLogin}`,
      `  admin password:   ${s.adminPassword}`,
      `  sample SPA:       client_id ${s.spaClientId} (public, PKCE; redirect http://localhost:3000/login/callback)`,
      `  sample service:   client_id ${s.serviceClientId}`,
      `                    client_secret ${s.serviceClientSecret}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `latchkey serve`: start, print where to go, stop gracefully on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const lk = await createLatchkey(config);
  await lk.listen();
  if (lk.imported) process.stderr.write(`latchkey: imported ${lk.config.orgFile}: ${describeImport(lk.imported)}\n`);
  process.stderr.write(banner(lk, await lk.store.authServers.ids()));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    lk.logger.info({ signal }, 'shutting down');
    lk.close().then(() => process.exit(0), (error) => {
      lk.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
