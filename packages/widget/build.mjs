// Builds the widget into dist/: latchkey-widget.js (IIFE for a <script> tag: globals OktaSignIn and
// LatchkeySignIn) and latchkey-widget.mjs (ES module for bundlers), both minified with source maps.
// The stylesheet is minified and compiled into the script, which installs it. Prints the gzipped
// size next to Okta's widget bundle.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const here = dirname(new URL(import.meta.url).pathname);
const dist = join(here, 'dist');

const css = await build({ entryPoints: [join(here, 'src/ui/widget.css')], bundle: true, minify: true, write: false });
const common = {
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'es2020',
  define: { __LATCHKEY_CSS__: JSON.stringify(css.outputFiles[0].text.trim()) },
  legalComments: 'none',
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, entryPoints: [join(here, 'src/index.ts')], format: 'iife', outfile: join(dist, 'latchkey-widget.js') }),
  build({ ...common, entryPoints: [join(here, 'src/esm.ts')], format: 'esm', outfile: join(dist, 'latchkey-widget.mjs') }),
]);

const gzipped = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ours = gzipped(join(dist, 'latchkey-widget.js'));

// Okta's widget is a dev dependency of the server package (its browser tests run it).
let okta;
try {
  const require = createRequire(join(here, '../server/package.json'));
  const path = join(dirname(require.resolve('@okta/okta-signin-widget/package.json')), 'dist/js/okta-sign-in.min.js');
  if (existsSync(path)) okta = gzipped(path);
} catch {
  okta = undefined;
}
console.log(`latchkey-widget.js: ${kb(ours)} gzipped` +
  (okta ? `; Okta's okta-sign-in.min.js: ${kb(okta)} gzipped; ratio ${(okta / ours).toFixed(1)}x smaller` : ` (Okta's widget is not installed for comparison)`));
