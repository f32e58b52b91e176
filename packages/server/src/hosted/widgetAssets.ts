import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The widget's build output (packages/widget/dist), found through the workspace package. */
const widgetDist = join(dirname(createRequire(import.meta.url).resolve('@latchkey/widget/package.json')), 'dist');

const ASSETS: Record<string, string> = {
  'latchkey-widget.js': 'text/javascript; charset=utf-8',
  'latchkey-widget.js.map': 'application/json; charset=utf-8',
  'latchkey-widget.mjs': 'text/javascript; charset=utf-8',
  'latchkey-widget.mjs.map': 'application/json; charset=utf-8',
};

/**
 * A day: long enough that sign-in pages load the widget from cache, short enough that an upgrade
 * reaches every browser within a day (the URL carries no version). The ETag makes the check cheap.
 */
const CACHE_CONTROL = 'public, max-age=86400';

interface Asset {
  body: Buffer;
  etag: string;
  mtimeMs: number;
}

/**
 * Serves the sign-in widget bundle at /widget/: read from disk when it changes (a rebuild needs
 * no restart), with an ETag, and a 404 that says how to build it when it was not built.
 */
export async function widgetAssets(app: FastifyInstance): Promise<void> {
  const cache = new Map<string, Asset>();

  async function load(name: string): Promise<Asset | undefined> {
    const path = join(widgetDist, name);
    const info = await stat(path).catch(() => undefined);
    if (!info) return undefined;
    const cached = cache.get(name);
    if (cached?.mtimeMs === info.mtimeMs) return cached;
    const body = await readFile(path);
    const asset = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, mtimeMs: info.mtimeMs };
    cache.set(name, asset);
    return asset;
  }

  app.get('/widget/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    const type = ASSETS[file];
    const asset = type ? await load(file) : undefined;
    if (!asset) {
      const why = type ? 'the widget bundle was not built: run `npm run build -w @latchkey/widget`' : `no widget file named ${file}`;
      return reply.code(404).type('text/plain; charset=utf-8').send(`Not found: ${why}\n`);
    }
    reply.header('Cache-Control', CACHE_CONTROL).header('ETag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(type).send(asset.body);
  });
}
