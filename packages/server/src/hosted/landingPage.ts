import type { FastifyReply } from 'fastify';
import { newSecret } from '../platform/ids.js';
import { escapeHtml } from '../http/html.js';

export interface LandingApp {
  label: string;
  url: string;
}

/** One of the person's authenticator enrollments, with the forms that change it when it can change. */
export interface SecurityMethodRow {
  id: string;
  kind: string;
  nickname?: string;
  /** What may be shown of it, masked. */
  profile?: string;
  /** Days (YYYY-MM-DD), when known. */
  enrolled?: string;
  lastUsed?: string;
  manageable: boolean;
  renamePath: string;
  removePath: string;
}

export interface SecurityView {
  methods: SecurityMethodRow[];
  /** Authenticators the person may add: links that start enrolling one. */
  add: LandingApp[];
  /** The forms' anti-forgery token. */
  csrf: string;
}

export interface LandingView {
  orgName: string;
  /** Absent: nobody is signed in in this browser. */
  user?: { name: string; login: string; apps: LandingApp[]; security: SecurityView };
  /** Where "Sign in" goes (the dashboard's authorization request). */
  signInUrl: string;
  signOutPath: string;
}

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d1d21}' +
  'a.button,button{display:inline-block;font:inherit;padding:.5rem 1.25rem;border-radius:.25rem;border:1px solid #1662dd;background:#1662dd;color:#fff;text-decoration:none;cursor:pointer}' +
  'ul{padding-left:1.25rem}li{margin:.25rem 0}form.inline{display:inline-block;margin:.25rem .5rem .25rem 0}input{font:inherit;padding:.25rem}';

function methodItem(m: SecurityMethodRow, csrf: string): string {
  const token = `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;
  const dates = [m.enrolled && `Enrolled ${m.enrolled}`, m.lastUsed && `last used ${m.lastUsed}`].filter(Boolean).join(', ');
  const forms = !m.manageable ? '' : `<br><form class="inline" method="post" action="${escapeHtml(m.renamePath)}">${token}` +
    `<label>Nickname <input name="nickname" maxlength="50" value="${escapeHtml(m.nickname ?? '')}"></label> <button type="submit">Rename</button></form>` +
    `<form class="inline" method="post" action="${escapeHtml(m.removePath)}">${token}<button type="submit">Remove</button></form>`;
  return `<li data-enrollment-id="${escapeHtml(m.id)}"><strong class="kind">${escapeHtml(m.kind)}</strong>` +
    (m.nickname ? ` <span class="nickname">“${escapeHtml(m.nickname)}”</span>` : '') +
    (m.profile ? ` <span class="profile">${escapeHtml(m.profile)}</span>` : '') +
    (dates ? ` <small class="dates">${escapeHtml(dates)}</small>` : '') + `${forms}</li>`;
}

function securitySection(view: SecurityView): string {
  const add = view.add.map((a) => `<a class="button" href="${escapeHtml(a.url)}">Add ${escapeHtml(a.label)}</a>`).join(' ');
  return `<h2>Security methods</h2><ul id="security-methods">${view.methods.map((m) => methodItem(m, view.csrf)).join('')}</ul>` + (add ? `<p>${add}</p>` : '');
}

function body(view: LandingView): string {
  if (!view.user) {
    return `<p>You are not signed in.</p><p><a class="button" href="${escapeHtml(view.signInUrl)}">Sign in</a></p>`;
  }
  const { name, login, apps, security } = view.user;
  const list = apps.length === 0 ? '<p>No apps are available to you yet.</p>'
    : `<ul>${apps.map((a) => `<li><a href="${escapeHtml(a.url)}">${escapeHtml(a.label)}</a></li>`).join('')}</ul>`;
  return `<p>Signed in as <strong id="user-name">${escapeHtml(name)}</strong> (<span id="user-login">${escapeHtml(login)}</span>)</p>` +
    `<h2>Your apps</h2>${list}${securitySection(security)}` +
    `<form method="post" action="${escapeHtml(view.signOutPath)}"><button type="submit">Sign out</button></form>`;
}

/**
 * What the org URL shows a person, as Okta's end-user dashboard does: a way to sign in, or who is
 * signed in, their apps and a way to sign out. No script at all; the one style element is nonce'd.
 */
export function sendLandingPage(reply: FastifyReply, view: LandingView): FastifyReply {
  const nonce = newSecret(16);
  return reply.code(200)
    .header('Cache-Control', 'no-store')
    .header('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'`)
    .type('text/html; charset=utf-8')
    // same-origin: under the server's no-referrer policy browsers send `Origin: null` with the sign-out form, which must name us.
    .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<meta name="referrer" content="same-origin">' +
      `<title>${escapeHtml(view.orgName)}</title><style nonce="${nonce}">${STYLE}</style></head>` +
      `<body><main><h1>${escapeHtml(view.orgName)}</h1>${body(view)}</main></body></html>`);
}
