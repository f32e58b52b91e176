import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { passwordlessOrg, type SignInMode } from '../support/passwordlessOrg.js';
import { importOrg } from '../../src/org/orgFile/import.js';
import { parseOrgFile } from '../../src/org/orgFile/parse.js';
import { interact, introspect, messageKeys, remediation, remediationNames, submit, type Json } from '../support/idx.js';

/**
 * Passwordless sign-in (email as the only factor), switched on and off by the org file alone
 * (support/passwordlessOrg.ts): the app's authentication policy allows only the email, and the
 * Passwordless group's enrollment policy does not ask for a password. The same unmodified app and
 * SDK follow the new remediations.
 */
const APP = TEST.spa.clientId;
const PEOPLE = {
  pia: 'pia@example.com', // passwordless: no password at all
  sam: 'sam@example.com', // has a password and an email; switched between the two modes
  lenny: 'lenny@example.com', // the magic link
  ed: 'ed@example.com', // link errors
  rex: 'rex@example.com', // resends
};

const MEMBERS = [{ login: PEOPLE.pia }, { login: PEOPLE.sam, password: TEST.password }, { login: PEOPLE.lenny }, { login: PEOPLE.ed }, { login: PEOPLE.rex }];

const clock = new TestClock();
let server: TestServer;
let issuer: string;
before(async () => {
  server = await startTestServer({ org: passwordlessOrg(MEMBERS), clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

async function switchTo(mode: SignInMode, org: { emailLinkCompletesAnywhere?: boolean } = {}) {
  await importOrg(server.lk.store, parseOrgFile(JSON.stringify(passwordlessOrg(MEMBERS, mode, org)), 'org.json'), clock.now());
  clock.advance(1500); // every process's configuration cache sees the change within a second
}

async function outbox(to: string): Promise<Array<{ text: string }>> {
  return (await (await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(to)}`)).json()).messages;
}
const latestText = async (to: string) => {
  const messages = await outbox(to);
  assert.ok(messages.length > 0, `no email to ${to}`);
  return messages[0].text;
};
const codeIn = (text: string) => /code is (\d{6})/.exec(text)![1];
const linkIn = (text: string) => /(http\S+\/email\/verify\/\S+)/.exec(text)![1];

const client = () => oktaAuth({ issuer, clientId: APP, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile'], legacy: true });

async function identified(login: string) {
  const started = await interact(issuer, { clientId: APP, redirectUri: TEST.redirectUri });
  const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
  return submit(first.json, 'identify', { identifier: login });
}

/** What a response shows, without ids, handles and times: what tells two answers apart. */
function shape(json: Json) {
  return {
    remediations: remediationNames(json),
    current: json.currentAuthenticatorEnrollment?.value && {
      key: json.currentAuthenticatorEnrollment.value.key, profile: json.currentAuthenticatorEnrollment.value.profile,
      actions: Object.keys(json.currentAuthenticatorEnrollment.value).filter((k) => ['resend', 'poll', 'recover'].includes(k)).sort(),
    },
    enrollments: (json.authenticatorEnrollments?.value ?? []).map((e: Json) => e.key),
    messages: messageKeys(json),
  };
}

describe('passwordless sign-in with @okta/okta-auth-js', () => {
  it('username only, then the emailed code: SUCCESS, tokens @okta/jwt-verifier accepts, amr email', async () => {
    const auth = client();
    const first = await auth.idx.authenticate({ username: PEOPLE.pia });
    assert.equal(first.status, IdxStatus.PENDING, JSON.stringify(first.messages));
    assert.equal(first.nextStep?.name, 'challenge-authenticator');
    assert.equal(first.nextStep?.authenticator?.key, 'okta_email');
    const done = await auth.idx.proceed({ verificationCode: codeIn(await latestText(PEOPLE.pia)) });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    const verifier = new OktaJwtVerifier({ issuer, testing: { disableHttpsCheck: true } });
    await verifier.verifyAccessToken(done.tokens!.accessToken!.accessToken, 'api://default');
    assert.deepEqual(done.tokens!.idToken!.claims.amr, ['email']);
  });

  it('the magic link opened by a plain HTTP client; the polling transaction then completes', async () => {
    const auth = client();
    await auth.idx.authenticate({ username: PEOPLE.lenny });
    const page = await fetch(linkIn(await latestText(PEOPLE.lenny)));
    assert.equal(page.status, 200);
    const done = await auth.idx.proceed({ actions: ['currentAuthenticatorEnrollment-poll'] });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.ok(done.tokens?.idToken);
  });
});

describe('switching between password and passwordless by the org file alone', () => {
  it('the same user and app: the email now, a password after re-import, the email again after another', async () => {
    const passwordless = await identified(PEOPLE.sam);
    assert.equal(passwordless.json.currentAuthenticatorEnrollment.value.key, 'okta_email');
    assert.deepEqual(remediationNames(passwordless.json), ['challenge-authenticator', 'select-authenticator-authenticate']);

    await switchTo('password');
    const auth = client();
    const withPassword = await auth.idx.authenticate({ username: PEOPLE.sam, password: TEST.password });
    assert.equal(withPassword.status, IdxStatus.SUCCESS, JSON.stringify(withPassword.messages));
    assert.deepEqual(withPassword.tokens!.idToken!.claims.amr, ['pwd']);

    await switchTo('passwordless');
    const again = await identified(PEOPLE.sam);
    assert.equal(again.json.currentAuthenticatorEnrollment.value.key, 'okta_email');
  });

  it('a policy that asks a password of a user who has none: a clear error, not a broken flow', async () => {
    await switchTo('password');
    try {
      const auth = client();
      const tx = await auth.idx.authenticate({ username: PEOPLE.pia });
      assert.equal(tx.status, IdxStatus.TERMINAL, JSON.stringify(tx));
      assert.equal(tx.messages?.[0]?.i18n?.key, 'idx.no.authenticator');
    } finally {
      await switchTo('passwordless');
    }
  });
});

describe('an unknown username looks like a known one', () => {
  it('the same remediations, the same masked-address presentation and actions; no email is sent', async () => {
    const known = await identified(PEOPLE.pia);
    const unknown = await identified('nobody@example.com');
    assert.equal(unknown.status, known.status);
    const shapes = [shape(known.json), shape(unknown.json)];
    assert.deepEqual({ ...shapes[1], current: { ...shapes[1].current, profile: undefined } }, { ...shapes[0], current: { ...shapes[0].current, profile: undefined } });
    assert.match(shapes[1].current.profile.email, /^n\*+y@e\*+e\.com$/, 'masked like an address');
    assert.deepEqual(await outbox('nobody@example.com'), []);
    const wrong = await submit(unknown.json, 'challenge-authenticator', { credentials: { passcode: '123456' } });
    assert.equal(wrong.status, 401);
    assert.equal(remediation(wrong.json, 'challenge-authenticator').value[0].form.value[0].messages.value[0].i18n.key, 'api.authn.error.PASSCODE_INVALID');
  });
});

describe('a magic link opened in another browser (the default: the org does not let it complete the sign-in)', () => {
  before(() => switchTo('passwordless', { emailLinkCompletesAnywhere: false }));
  after(() => switchTo('passwordless'));

  it('another browser is told to type the code in the original one; the sign-in goes on there with the code', async () => {
    const flow = await identified(PEOPLE.lenny);
    const text = await latestText(PEOPLE.lenny);
    const elsewhere = await fetch(linkIn(text));
    assert.equal(elsewhere.status, 200);
    assert.match(await elsewhere.text(), /data-i18n-key="idx.enter.otp.in.original.tab"/);
    const polled = await submit({ poll: flow.json.currentAuthenticatorEnrollment.value.poll }, 'poll');
    assert.deepEqual(remediationNames(polled.json), ['challenge-authenticator', 'select-authenticator-authenticate'], 'not signed in by the other browser');
    const done = await submit(polled.json, 'challenge-authenticator', { credentials: { passcode: codeIn(text) } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
  });

  it('the browser that is signing in (it holds the link cookie of its IDX answers) completes the sign-in by the click', async () => {
    const flow = await identified(PEOPLE.lenny);
    const binding = flow.setCookies.find((c) => c.startsWith('lk_link='));
    assert.ok(binding, 'the challenge answer gives the browser its link cookie');
    assert.match(binding, /Path=\/email\/verify; HttpOnly/);
    const sameBrowser = await fetch(linkIn(await latestText(PEOPLE.lenny)), { headers: { cookie: binding.split(';')[0] } });
    assert.match(await sameBrowser.text(), /idx.return.to.original.tab/);
    const polled = await submit({ poll: flow.json.currentAuthenticatorEnrollment.value.poll }, 'poll');
    assert.ok(polled.json.successWithInteractionCode, 'signed in by the click');
  });
});

describe('the code and link lifetime is the org\'s to set (authenticators: okta_email settings.tokenLifetimeInMinutes)', () => {
  const withLifetime = (minutes: number) => ({ ...passwordlessOrg(MEMBERS), authenticators: [{ key: 'okta_email', settings: { tokenLifetimeInMinutes: minutes } }] });
  before(async () => {
    await importOrg(server.lk.store, parseOrgFile(JSON.stringify(withLifetime(15)), 'org.json'), clock.now());
    clock.advance(1500);
  });
  after(async () => {
    await importOrg(server.lk.store, parseOrgFile(JSON.stringify(withLifetime(5)), 'org.json'), clock.now());
    clock.advance(1500);
  });

  it('15 minutes: the message says so, and a code 7 minutes old (past the default 5) still signs in', async () => {
    const flow = await identified(PEOPLE.pia);
    const text = await latestText(PEOPLE.pia);
    assert.match(text, /expire in 15 minutes/);
    clock.advance(7 * 60_000); // the transaction itself lives 10 minutes after its last step
    const done = await submit(flow.json, 'challenge-authenticator', { credentials: { passcode: codeIn(text) } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
    const { exportOrg } = await import('../../src/org/orgFile/export.js');
    assert.deepEqual((await exportOrg(server.lk.store)).authenticators, [{ key: 'okta_email', settings: { tokenLifetimeInMinutes: 15 } }]);
  });
});

describe('link and code errors: the right IDX answer, never a 500', () => {
  it('a reused link, a link for another transaction, an expired link', async () => {
    const first = await identified(PEOPLE.ed);
    const firstLink = linkIn(await latestText(PEOPLE.ed));
    const used = await fetch(firstLink);
    assert.match(await used.text(), /idx.return.to.original.tab/);
    const reused = await fetch(firstLink);
    assert.equal(reused.status, 200);
    assert.match(await reused.text(), /idx.return.link.expired/, 'a link works once');
    assert.ok(first.json);

    const other = await identified(PEOPLE.ed);
    const otherLink = new URL(linkIn(await latestText(PEOPLE.ed)));
    const third = await identified(PEOPLE.ed);
    const thirdTransaction = new URL(linkIn(await latestText(PEOPLE.ed))).pathname;
    const crossed = await fetch(`${server.url}${thirdTransaction}${otherLink.search}`);
    assert.match(await crossed.text(), /idx.return.link.expired/, "one transaction's token does not open another");
    assert.ok(other.json && third.json);

    await identified(PEOPLE.ed);
    const late = linkIn(await latestText(PEOPLE.ed));
    clock.advance(5 * 60_000 + 1000);
    assert.match(await (await fetch(late)).text(), /idx.return.link.expired/, 'links expire after 5 minutes');
  });

  it('an expired code is refused; too many resends answer 429 with the state kept', async () => {
    const flow = await identified(PEOPLE.rex);
    const code = codeIn(await latestText(PEOPLE.rex));
    clock.advance(5 * 60_000 + 1000);
    const expired = await submit(flow.json, 'challenge-authenticator', { credentials: { passcode: code } });
    assert.equal(expired.status, 401);
    assert.ok(expired.status < 500);

    let state = expired.json;
    let last;
    for (let i = 0; i < 6; i++) {
      last = await submit({ resend: state.currentAuthenticatorEnrollment.value.resend }, 'resend');
      if (last.status !== 200) break;
      state = last.json;
    }
    assert.equal(last!.status, 429);
    assert.deepEqual(messageKeys(last!.json), ['tooManyRequests']);
    assert.deepEqual(remediationNames(last!.json), ['challenge-authenticator', 'select-authenticator-authenticate'], 'the sign-in can go on with the last code');
    const done = await submit(last!.json, 'challenge-authenticator', { credentials: { passcode: codeIn(await latestText(PEOPLE.rex)) } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
  });
});
