import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

/** A page an app would host: the widget under test runs here, at an origin other than Latchkey's. */
export interface TestPage {
  /** Add it to the org's trusted origins (CORS and REDIRECT). */
  origin: string;
  /** The page at `/`. */
  url: string;
  /** The app's redirect URI (`/callback`): add it to the app's redirectUris. */
  callbackUrl: string;
  stop(): Promise<void>;
}

export interface TestPageOptions {
  /** The HTML served at `/`; a function is called on each request, so it may name a server started after the page. */
  html: string | (() => string);
  /** Directories served as they are, by URL prefix (e.g. `/okta-signin-widget/` → the package's `dist`). */
  directories?: Record<string, string>;
  /** The page's host (default 127.0.0.1): WebAuthn needs a domain name such as localhost, never an address. */
  hostname?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.gif': 'image/gif',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.eot': 'application/vnd.ms-fontobject',
};

/** The redirect URI's page: shows what arrived, for flows that end in a redirect rather than in the widget (no favicon request either). */
const CALLBACK_HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Callback</title><link rel="icon" href="data:,"></head>' +
  '<body><main><h1>Callback</h1><pre id="callback-params"></pre></main>' +
  '<script>document.getElementById("callback-params").textContent = location.search + location.hash;</script></body></html>';

/** A JSON value embedded in an inline script: `<` escaped so no string in it can close the script element. */
export const inlineJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * A page that loads stylesheets and scripts, then runs `bootScript`, which may render into `#app`.
 * The empty icon keeps Chromium from asking for /favicon.ico (its 404 would be logged as a console error).
 */
export function scriptPage(options: { title: string; stylesheets?: string[]; scripts: string[]; bootScript: string }): string {
  const links = (options.stylesheets ?? []).map((href) => `<link rel="stylesheet" href="${href}">`).join('');
  const scripts = options.scripts.map((src) => `<script src="${src}"></script>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${options.title}</title><link rel="icon" href="data:,">${links}</head><body><main id="app"></main>${scripts}<script>${options.bootScript}</script></body></html>`;
}

/** The file a URL path names under one of the served directories; never a path outside them. */
function fileFor(path: string, directories: Record<string, string>): string | undefined {
  for (const [prefix, dir] of Object.entries(directories)) {
    if (!path.startsWith(prefix)) continue;
    const root = resolve(dir);
    const file = resolve(join(root, decodeURIComponent(path.slice(prefix.length))));
    return file.startsWith(root + sep) ? file : undefined;
  }
  return undefined;
}

/** Serves the page on a free loopback port until `stop()`. */
export async function startTestPage(options: TestPageOptions): Promise<TestPage> {
  const html = typeof options.html === 'function' ? options.html : () => options.html as string;
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers }).end(body);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path === '/') return send(res, 200, CONTENT_TYPES['.html'], html());
    if (path === '/callback') return send(res, 200, CONTENT_TYPES['.html'], CALLBACK_HTML);
    const file = fileFor(path, options.directories ?? {});
    const body = file && (await readFile(file).catch(() => undefined));
    if (!body) return send(res, 404, 'text/plain', 'not found');
    // As a CDN serves them: a page of another origin (the hosted sign-in page) may load their fonts.
    return send(res, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body, { 'Access-Control-Allow-Origin': '*' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, 'text/plain', String(error)));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  const origin = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  return {
    origin,
    url: `${origin}/`,
    callbackUrl: `${origin}/callback`,
    stop: () => new Promise<void>((done, fail) => {
      server.closeAllConnections();
      server.close((error) => (error ? fail(error) : done()));
    }),
  };
}
