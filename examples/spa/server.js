// Serves the sample SPA: its page (at `/` and at its redirect URI, `/login/callback`), its script,
// and okta-auth-js's browser bundle straight from node_modules. Run: see examples/README.md.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const publicDir = fileURLToPath(new URL('./public/', import.meta.url));
const oktaAuthDist = join(dirname(createRequire(import.meta.url).resolve('@okta/okta-auth-js/package.json')), 'dist');

const FILES = {
  '/': join(publicDir, 'index.html'),
  '/login/callback': join(publicDir, 'index.html'),
  '/app.js': join(publicDir, 'app.js'),
  '/style.css': join(publicDir, 'style.css'),
  '/okta-auth-js/okta-auth-js.min.js': join(oktaAuthDist, 'okta-auth-js.min.js'),
  '/okta-auth-js/okta-auth-js.min.js.map': join(oktaAuthDist, 'okta-auth-js.min.js.map'),
};
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

export async function startSpa({ issuer, clientId, port, host = 'localhost' }) {
  // The page reads its settings from a script rather than an inline one, so a strict CSP could serve it.
  const configScript = `window.spaConfig = ${JSON.stringify({ issuer, clientId })};\n`;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://spa').pathname;
    const send = (status, type, body) => res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` }).end(body);
    if (path === '/config.js') return send(200, TYPES['.js'], configScript);
    const file = FILES[path];
    if (!file) return send(404, 'text/plain', 'Not found');
    send(200, TYPES[extname(file)], await readFile(file));
  });
  await new Promise((listening) => server.listen(port, host, listening));
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise((closed) => server.close(closed).closeAllConnections()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ISSUER = 'http://localhost:8080/oauth2/default', CLIENT_ID, PORT = '3000' } = process.env;
  if (!CLIENT_ID) {
    console.error('Set CLIENT_ID to the sample SPA\'s client_id that `npm start` printed.');
    process.exit(1);
  }
  const spa = await startSpa({ issuer: ISSUER, clientId: CLIENT_ID, port: Number(PORT) });
  console.log(`Sample SPA at ${spa.url}`);
}
