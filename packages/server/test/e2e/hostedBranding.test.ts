import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST, testOrg } from '../support/testOrg.js';
import { exportOrg } from '../../src/org/orgFile/export.js';

/**
 * The hosted sign-in page takes its look from the org file's `branding`: page title, logo, brand
 * name and colour (passed to the widget), favicon, background image, or a whole custom template in
 * Okta's template language. Checked in the HTML and headers the page is served with.
 */
const CUSTOM_TEMPLATE = [
  '<!doctype html><html lang="fr"><head><title>{{pageTitle}}</title>{{{SignInWidgetResources}}}</head>',
  '<body><h1 class="custom-heading">Bienvenue</h1><div id="okta-login-container"></div>{{{OktaUtil}}}',
  '<script nonce="{{nonceValue}}">new OktaSignIn(OktaUtil.getSignInWidgetConfig()).renderEl({ el: "#okta-login-container" }, OktaUtil.completeLogin);</script>',
  '</body></html>',
].join('');

const branded = (template?: string) => ({
  ...testOrg(),
  branding: {
    pageTitle: 'Acme Sign-In', brandName: 'Acme', logoUrl: 'https://cdn.acme.example/logo.svg', faviconUrl: '/favicon.ico',
    backgroundImageUrl: 'https://images.acme.example/bg.jpg', primaryColor: '#5b3cc4', ...(template && { signInTemplate: template }),
  },
});

async function signInPage(server: TestServer): Promise<{ html: string; csp: string; config: Record<string, unknown> }> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(`${server.url}/oauth2/default/v1/authorize`);
  for (const [k, v] of Object.entries({
    client_id: TEST.spa.clientId, redirect_uri: TEST.redirectUri, response_type: 'code', scope: 'openid', state: 'st', nonce: 'n',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  })) url.searchParams.set(k, v);
  const r = await fetch(url);
  assert.equal(r.status, 200);
  const html = await r.text();
  const config = JSON.parse(/getSignInWidgetConfig: function \(\) \{ return (\{.*?\}); \}/.exec(html)![1]);
  return { html, csp: r.headers.get('content-security-policy')!, config };
}

describe('hosted sign-in page branding from the org file', () => {
  let server: TestServer;
  let custom: TestServer;
  before(async () => {
    [server, custom] = await Promise.all([startTestServer({ org: branded() }), startTestServer({ org: branded(CUSTOM_TEMPLATE) })]);
  });
  after(() => Promise.all([server.stop(), custom.stop()]));

  it('the default template with the title, favicon, background and the widget configured with logo, name and colour', async () => {
    const { html, csp, config } = await signInPage(server);
    assert.match(html, /<title>Acme Sign-In<\/title>/);
    assert.match(html, /<link rel="icon" href="\/favicon.ico">/);
    assert.match(html, /\.lk-bg \{ background-image: url\("https:\/\/images\.acme\.example\/bg\.jpg"\); \}/);
    assert.match(html, /<body class="lk-bg">/);
    assert.deepEqual({ logo: config.logo, brandName: config.brandName, colors: config.colors }, {
      logo: 'https://cdn.acme.example/logo.svg', brandName: 'Acme', colors: { brand: '#5b3cc4' },
    });
    assert.match(csp, /img-src [^;]*https:\/\/cdn\.acme\.example[^;]*https:\/\/images\.acme\.example/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    assert.equal(config.cspNonce, nonce);
    for (const tag of html.match(/<(script|style)[^>]*>/g)!) assert.match(tag, new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`), `${tag} carries the nonce`);
  });

  it('a custom template replaces the page, with the same variables', async () => {
    const { html, config } = await signInPage(custom);
    assert.match(html, /^<!doctype html><html lang="fr"><head><title>Acme Sign-In<\/title>/);
    assert.match(html, /<h1 class="custom-heading">Bienvenue<\/h1>/);
    assert.ok(config.stateToken, 'OktaUtil is there');
    assert.match(html, /<script nonce="[^"]+" src="http:\/\/127\.0\.0\.1:\d+\/widget\/latchkey-widget\.js"><\/script>/);
  });

  it('branding round-trips through org export', async () => {
    assert.deepEqual((await exportOrg(custom.lk.store)).branding, branded(CUSTOM_TEMPLATE).branding);
  });
});
