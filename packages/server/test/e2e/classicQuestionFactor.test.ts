/**
 * The security question as a Classic MFA factor, through `/api/v1/authn` with @okta/okta-auth-js: in a
 * Classic org, requireFactor takes the password and any factor, so a person of the MFA group whose
 * enrollment policy offers the question enrolls it (MFA_ENROLL) and is then asked it (MFA_REQUIRED); after
 * `latchkey upgrade org` the Identity Engine counts factor types and the question (knowledge, like the
 * password) is no second factor any more: `upgrade check` says so first, counting those it concerns.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oktaAuth } from '../support/oktaAuth.js';
import { authnError } from '../support/authn.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { CLASSIC_APP, CLASSIC_PASSWORD, classicHostedOrg } from '../support/classicHostedOrg.js';
import { sqliteTestDatabase } from '../support/databases.js';
import { runCli } from '../support/process.js';

const REDIRECT_URI = 'http://localhost:8080/callback';
const ANSWER = 'Brussels sprouts';
const PEOPLE = { quinn: 'quinn@example.com', otto: 'otto@example.com', una: 'una@example.com' };

const enrollPolicy = (name: string, priority: number, conditions: object, factors: Record<string, string>) => ({
  type: 'MFA_ENROLL', name, priority, conditions,
  settings: { type: 'FACTORS', factors: Object.fromEntries(Object.entries(factors).map(([factor, self]) => [factor, { enroll: { self } }])) },
  rules: [{ name: 'Default Rule', priority: 1, conditions: {}, actions: { enroll: { self: 'CHALLENGE' } } }],
});

/**
 * Quinn, Otto and Una are in the MFA group with nothing enrolled but the password (their addresses
 * unverified). The Classic FACTORS policies have them enroll the question; Una's ("Question only") offers
 * nothing else, the default one offers Google Authenticator too.
 */
const org = () => classicHostedOrg({
  redirectUri: REDIRECT_URI,
  groups: [{ name: 'Question only' }],
  users: [
    ...[PEOPLE.quinn, PEOPLE.otto].map((login) => ({ login, password: CLASSIC_PASSWORD, groups: ['MFA'], emailVerified: false })),
    { login: PEOPLE.una, password: CLASSIC_PASSWORD, groups: ['MFA', 'Question only'], emailVerified: false },
  ],
  policies: [
    enrollPolicy('Question only', 1, { people: { groups: { include: ['Question only'] } } }, { okta_question: 'REQUIRED' }),
    enrollPolicy('Default Policy', 2, {}, { okta_question: 'REQUIRED', google_otp: 'OPTIONAL' }),
  ],
});

const database = sqliteTestDatabase();
let server: TestServer;
before(async () => {
  server = await startTestServer({ org: org(), database });
});
after(() => server.stop());

// okta-auth-js's authn transactions carry every link as a function; its types name only some.
type Txn = Record<string, any>;
const signIn = async (login: string): Promise<Txn> =>
  (await oktaAuth({ issuer: server.url, clientId: CLASSIC_APP, redirectUri: REDIRECT_URI, scopes: ['openid'] })
    .signInWithCredentials({ username: login, password: CLASSIC_PASSWORD })) as unknown as Txn;
const listed = (t: Txn) => (t.factors as Txn[]).map((f) => `${f.factorType}/${f.provider}${f.enrollment ? ` ${f.status} ${f.enrollment}` : ''}`).sort();
const question = (t: Txn) => (t.factors as Txn[]).find((f) => f.factorType === 'question')!;
const cli = (args: string[]) => runCli([...args, '--database-url', database.url]);
/** The server re-reads its configuration within a second of a change (the CLI, another process, wrote it). */
const configSettles = () => new Promise((resolve) => setTimeout(resolve, 1100));

/** Enrolls the question offered in MFA_ENROLL; Google Authenticator is optional and skipped, as a person may. */
async function enrollQuestion(enroll: Txn): Promise<Txn> {
  const done = (await question(enroll).enroll({ profile: { question: 'disliked_food', answer: ANSWER } })) as Txn;
  return done.status === 'MFA_ENROLL' ? ((await done.skip()) as Txn) : done;
}

describe('Classic org: the question is a second factor', () => {
  it('an MFA person with only the password: MFA_ENROLL offers the question (not 401 E0000004), and enrolling it signs in', async () => {
    const enroll = await signIn(PEOPLE.quinn);
    assert.equal(enroll.status, 'MFA_ENROLL');
    assert.deepEqual(listed(enroll), ['question/OKTA NOT_SETUP REQUIRED', 'token:software:totp/GOOGLE NOT_SETUP OPTIONAL']);
    const signedIn = await enrollQuestion(enroll);
    assert.equal(signedIn.status, 'SUCCESS');
    assert.ok(signedIn.sessionToken);
  });

  it('an MFA person whose enrollment policy offers only the question: MFA_ENROLL with the question alone (not 401 E0000004)', async () => {
    const enroll = await signIn(PEOPLE.una);
    assert.equal(enroll.status, 'MFA_ENROLL', JSON.stringify(enroll.data));
    assert.deepEqual(listed(enroll), ['question/OKTA NOT_SETUP REQUIRED']);
    assert.equal((await enrollQuestion(enroll)).status, 'SUCCESS');
  });

  it('next sign-in: MFA_REQUIRED lists the question with its text; a wrong answer is refused, the right one is SUCCESS', async () => {
    const required = await signIn(PEOPLE.quinn);
    assert.equal(required.status, 'MFA_REQUIRED');
    assert.deepEqual(listed(required), ['question/OKTA']);
    const asked = question(required);
    assert.equal(asked.profile.question, 'disliked_food');
    assert.match(asked.profile.questionText, /least liked/);
    const wrong = await authnError(asked.verify({ answer: 'Broccoli' }));
    assert.equal(wrong.errorCode, 'E0000068');
    const done = (await asked.verify({ answer: ANSWER })) as Txn;
    assert.equal(done.status, 'SUCCESS');
    assert.ok(done.sessionToken);
  });
});

describe('the upgrade: the question is no second factor in the Identity Engine', () => {
  it('upgrade check counts those whose only second factor is the question, and blocks: "Question only" offers no other factor', async () => {
    assert.equal((await enrollQuestion(await signIn(PEOPLE.otto))).status, 'SUCCESS');
    const r = await cli(['upgrade', 'check', '--json']);
    assert.equal(r.code, 1, 'exit code 1: a finding blocks');
    const report = JSON.parse(r.stdout) as { ready: boolean; findings: Array<Record<string, unknown>> };
    const finding = report.findings.find((f) => f.feature === 'security question as the second factor');
    assert.ok(finding, JSON.stringify(report.findings));
    assert.equal(finding.inUse, `3 user(s) (${PEOPLE.otto}, ${PEOPLE.quinn}, ${PEOPLE.una}) whose only second factor is the question`);
    assert.equal(finding.blocks, true);
    assert.match(String(finding.remediation), /MFA_ENROLL "Question only" offer a possession factor/);
    assert.equal(report.ready, false);
    const refused = await cli(['upgrade', 'org']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout + refused.stderr, /security question as the second factor/);
  });

  it('after upgrade org (forced): password and question are not two factors; MFA_ENROLL asks another factor, and without one to enroll there is no sign-in', async () => {
    const r = await cli(['upgrade', 'org', '--force']);
    assert.equal(r.code, 0, r.stderr);
    await configSettles();
    const enroll = await signIn(PEOPLE.quinn);
    assert.equal(enroll.status, 'MFA_ENROLL', JSON.stringify(enroll.data));
    assert.ok(listed(enroll).some((f) => f.startsWith('token:software:totp/GOOGLE NOT_SETUP')), listed(enroll).join(', '));
    assert.equal(enroll.data._links.skip, undefined, 'the other factor cannot be skipped: without it the policy cannot be met');
    const stuck = await authnError(signIn(PEOPLE.una));
    assert.equal(stuck.errorCode, 'E0000004');
  });
});
