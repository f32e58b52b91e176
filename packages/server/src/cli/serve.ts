import type { Config } from '../config/config.js';
import { createLatchkey, type Latchkey } from '../app.js';

function banner(lk: Latchkey): string {
  const base = lk.config.baseUrl;
  const lines = [
    `Latchkey is running at ${base}`,
    `  org issuer:      ${base}            (${base}/.well-known/openid-configuration)`,
    `  default issuer:  ${base}/oauth2/default  (${base}/oauth2/default/.well-known/openid-configuration)`,
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
  process.stderr.write(banner(lk));
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
