import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { DEVICE_AUTH_SCHEME, DEVICE_JWT_ALG, DEVICE_JWT_MAX_SECONDS, DEVICE_JWT_TYPE, DEVICE_PATHS } from '../authenticators/verify/deviceProtocol.js';

/**
 * The device page script: an ES256 key made with WebCrypto (not extractable) kept in IndexedDB with
 * the enrollment; enrols from the pasted enrollment URI, then lists pending pushes every 3 s with
 * the numbers to choose from and Deny. It talks only to the device API (docs/verify.md).
 */
const SCRIPT = `
const PATHS = { enroll: ${JSON.stringify(DEVICE_PATHS.enroll)}, challenges: ${JSON.stringify(DEVICE_PATHS.challenges)} };
const answerPath = (id) => PATHS.challenges + '/' + encodeURIComponent(id) + '/answer';
const $ = (id) => document.getElementById(id);
const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
const text = (s) => b64(new TextEncoder().encode(s));

function db() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('latchkey-verify', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('device');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}
async function stored(value) {
  const tx = (await db()).transaction('device', value === undefined ? 'readonly' : 'readwrite').objectStore('device');
  const request = value === undefined ? tx.get('device') : tx.put(value, 'device');
  return new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
}

async function sign(privateKey, header, claims, org, path) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { ...claims, aud: org + path, iat: now, exp: now + ${Math.min(60, DEVICE_JWT_MAX_SECONDS)}, jti: b64(crypto.getRandomValues(new Uint8Array(16))) };
  const input = text(JSON.stringify({ alg: ${JSON.stringify(DEVICE_JWT_ALG)}, typ: ${JSON.stringify(DEVICE_JWT_TYPE)}, ...header })) + '.' + text(JSON.stringify(payload));
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(input));
  return input + '.' + b64(signature);
}
async function call(device, method, path, claims, header) {
  const jwt = await sign(device.privateKey, header ?? { kid: device.enrollmentId }, claims, device.org, path);
  const response = await fetch(device.org + path, { method, headers: { authorization: ${JSON.stringify(DEVICE_AUTH_SCHEME)} + ' ' + jwt } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error_description || body.error || String(response.status));
  return body;
}

async function enroll() {
  $('status').textContent = '';
  try {
    const uri = new URL($('uri').value.trim());
    const org = (uri.searchParams.get('org') || '').replace(/\\/+$/, '');
    const token = uri.searchParams.get('token');
    if (uri.protocol !== 'latchkey-verify:' || !org || !token) throw new Error('That is not a Latchkey Verify enrollment code.');
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const device = { org, privateKey: pair.privateKey };
    const { enrollmentId } = await call(device, 'POST', PATHS.enroll, { token, deviceName: $('name').value.trim() || 'Browser' }, { jwk: { kty, crv, x, y } });
    await stored({ ...device, enrollmentId });
    show();
  } catch (error) {
    $('status').textContent = String(error.message || error);
  }
}

async function refresh(device) {
  try {
    const { challenges } = await call(device, 'GET', PATHS.challenges, {});
    const list = $('pushes');
    list.replaceChildren(...challenges.map((push) => {
      const item = document.createElement('li');
      item.className = 'push';
      item.dataset.id = push.id;
      const ask = document.createElement('p');
      ask.textContent = push.choices.length ? 'Are you signing in? Tap the number shown on the sign-in page.' : 'Are you signing in?';
      const act = (decision, number) => call(device, 'POST', answerPath(push.id), { decision, ...(number !== undefined && { number }) })
        .then((r) => { $('status').textContent = r.status === 'APPROVED' ? 'Approved.' : 'Denied.'; }, (e) => { $('status').textContent = e.message; })
        .then(() => refresh(device));
      const button = (label, decision, number) => {
        const b = document.createElement('button');
        b.textContent = label;
        b.dataset.decision = decision;
        b.addEventListener('click', () => act(decision, number));
        return b;
      };
      const approve = push.choices.length ? push.choices.map((n) => button(String(n), 'approve', n)) : [button('Yes, it is me', 'approve')];
      item.append(ask, ...approve, button('No, deny', 'deny'));
      return item;
    }));
    $('empty').hidden = challenges.length > 0;
  } catch (error) {
    $('status').textContent = String(error.message || error);
  }
}

async function show() {
  const device = await stored();
  $('enroll').hidden = !!device;
  $('device').hidden = !device;
  if (!device) return;
  $('org').textContent = device.org;
  refresh(device);
  setInterval(() => refresh(device), 3000);
}
$('enroll-button').addEventListener('click', enroll);
show();
`;

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 28rem; padding: 1rem; }
textarea, input, button { font: inherit; width: 100%; box-sizing: border-box; margin: .25rem 0; padding: .6rem; }
.push { list-style: none; border: 1px solid #ccc; border-radius: .5rem; padding: .75rem; margin: .5rem 0; }
.push button { width: auto; min-width: 4rem; margin-right: .5rem; }
`;

/** Latchkey Verify in a browser: a phone (or any browser) becomes the device, with its key kept in the page's IndexedDB. */
export function sendDevicePage(reply: FastifyReply): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Latchkey Verify</title><style nonce="${nonce}">${STYLE}</style></head>
<body><h1>Latchkey Verify</h1>
<section id="enroll" hidden><p>Paste the enrollment code shown under the QR code on the sign-in page.</p>
<textarea id="uri" rows="3" aria-label="Enrollment code"></textarea>
<input id="name" aria-label="Device name" placeholder="Device name">
<button id="enroll-button">Set up this device</button></section>
<section id="device" hidden><p>Sign-in requests for <span id="org"></span></p><ul id="pushes"></ul><p id="empty">No pending sign-in.</p></section>
<p id="status" role="status"></p>
<script nonce="${nonce}">${SCRIPT}</script></body></html>`;
  return reply.code(200).header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; frame-ancestors 'none'`)
    .type('text/html; charset=utf-8').send(html);
}
