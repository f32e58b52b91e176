import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdxStatus } from '@okta/okta-auth-js';
import { oktaAuth } from '../support/oktaAuth.js';
import { startTestServer, TestClock, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { securityQuestionOrg } from '../support/securityQuestionOrg.js';
import { ServerSecrets } from '../../src/platform/serverSecrets.js';
import { codeIn, latestEmailText } from '../support/outbox.js';
import { interact, introspect, remediationNames, submit, type Json } from '../support/idx.js';

/** Each test signs in its own people (no password): the emailed code, then the security question. */
const PEOPLE = {
  sdk: 'quinn@example.com', custom: 'cora@example.com', refusals: 'rory@example.com', guesser: 'gia@example.com', stored: 'stu@example.com',
  enrolled: 'ivy@example.com', notEnrolled: 'ian@example.com',
};
/** This org raises Okta's shortest answer (4) to 6. */
const ANSWER_MIN_LENGTH = 6;

const clock = new TestClock();
let server: TestServer;
let issuer: string;
before(async () => {
  const org = securityQuestionOrg(Object.values(PEOPLE));
  server = await startTestServer({ org: { ...org, authenticators: [{ key: 'security_question', settings: { answerMinLength: ANSWER_MIN_LENGTH } }] }, clock });
  issuer = `${server.url}/oauth2/default`;
});
after(() => server.stop());

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const client = () => oktaAuth({ issuer, clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri, scopes: ['openid', 'profile'] });

/** okta-auth-js: the username, then the emailed code; what follows it. */
async function emailDoneWithSdk(auth: ReturnType<typeof client>, login: string) {
  const first = await auth.idx.authenticate({ username: login });
  assert.equal(first.nextStep?.authenticator?.key, 'okta_email', JSON.stringify(first.messages));
  return auth.idx.proceed({ verificationCode: codeIn(await latestEmailText(server.url, login)) });
}

/** interact → introspect → identify → the emailed code, over plain HTTP. */
async function emailDone(login: string): Promise<Json> {
  const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri });
  const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
  const identified = await submit(first.json, 'identify', { identifier: login });
  const answered = await submit(identified.json, 'challenge-authenticator', { credentials: { passcode: codeIn(await latestEmailText(server.url, login)) } });
  assert.equal(answered.status, 200, JSON.stringify(answered.json));
  return answered.json;
}

/** The messages on a field of the credentials of a form, in each of its alternative forms (Okta puts them on every one that has the field). */
function fieldMessages(state: Json, form: string, field: string): Json[][] {
  const credentials = state.remediation.value.find((r: Json) => r.name === form).value.find((f: Json) => f.name === 'credentials');
  const forms: Json[][] = credentials.options ? credentials.options.map((o: Json) => o.value.form.value) : [credentials.form.value];
  return forms.filter((fields) => fields.some((f) => f.name === field)).map((fields) => fields.find((f) => f.name === field).messages?.value ?? []);
}

describe('security_question with @okta/okta-auth-js', () => {
  it('enrolls a chosen question after the emailed code (tokens: email, kba, mfa); the next sign-in asks it, the answer matched however it is typed', async () => {
    const auth = client();
    const enrolling = await emailDoneWithSdk(auth, PEOPLE.sdk);
    assert.equal(enrolling.status, IdxStatus.PENDING, JSON.stringify(enrolling.messages));
    assert.equal(enrolling.nextStep?.name, 'enroll-authenticator');
    assert.equal(enrolling.nextStep?.authenticator?.key, 'security_question');
    const { questions, questionKeys } = enrolling.nextStep!.authenticator!.contextualData as { questions: Json[]; questionKeys: string[] };
    assert.equal(questions.length, 19);
    assert.deepEqual(questions.find((q) => q.questionKey === 'favorite_toy'), { questionKey: 'favorite_toy', question: 'What is the toy/stuffed animal you liked the most as a kid?' });
    assert.deepEqual(questionKeys, [...questions.map((q) => q.questionKey), 'custom']);

    const done = await auth.idx.proceed({ questionKey: 'favorite_toy', answer: 'Mister Bear' });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));
    assert.deepEqual([...claimsOf(done.tokens!.idToken!.idToken).amr].sort(), ['email', 'kba', 'mfa']);

    const again = client();
    const challenged = await emailDoneWithSdk(again, PEOPLE.sdk);
    assert.equal(challenged.status, IdxStatus.PENDING, JSON.stringify(challenged.messages));
    assert.equal(challenged.nextStep?.name, 'challenge-authenticator');
    assert.equal(challenged.nextStep?.authenticator?.key, 'security_question');
    assert.deepEqual(challenged.nextStep?.authenticator?.contextualData, {
      enrolledQuestion: { question: 'What is the toy/stuffed animal you liked the most as a kid?', questionKey: 'favorite_toy' },
    });
    const signedIn = await again.idx.proceed({ answer: '  mister   BEAR ' });
    assert.equal(signedIn.status, IdxStatus.SUCCESS, JSON.stringify(signedIn.messages));
    assert.deepEqual([...claimsOf(signedIn.tokens!.idToken!.idToken).amr].sort(), ['email', 'kba', 'mfa']);
  });

  it('enrolls a question of one\'s own (questionKey custom); the next sign-in asks that question; a wrong answer is refused with Okta\'s message', async () => {
    const auth = client();
    await emailDoneWithSdk(auth, PEOPLE.custom);
    const done = await auth.idx.proceed({ question: 'Who was my first manager?', answer: 'Grace Hopper' });
    assert.equal(done.status, IdxStatus.SUCCESS, JSON.stringify(done.messages));

    const again = client();
    const challenged = await emailDoneWithSdk(again, PEOPLE.custom);
    assert.deepEqual(challenged.nextStep?.authenticator?.contextualData, { enrolledQuestion: { question: 'Who was my first manager?', questionKey: 'custom' } });
    const wrong = await again.idx.proceed({ answer: 'Ada Lovelace' });
    assert.equal(wrong.status, IdxStatus.PENDING);
    assert.deepEqual(wrong.messages?.map((m) => m.i18n?.key), ['authfactor.challenge.question_factor.answer_invalid']);
    const signedIn = await again.idx.proceed({ answer: 'grace hopper' });
    assert.equal(signedIn.status, IdxStatus.SUCCESS, JSON.stringify(signedIn.messages));
  });
});

describe('security_question refusals, over HTTP', () => {
  it('refuses answers too short (the org\'s minimum), giving the question away, and bad custom questions, on their fields; never a 500', async () => {
    const enrolling = await emailDone(PEOPLE.refusals);
    assert.deepEqual(remediationNames(enrolling), ['enroll-authenticator', 'select-authenticator-enroll']);
    const refuse = async (credentials: Json, field: string, key: string) => {
      clock.advance(5_000); // past the limit of requests per state handle
      const refused = await submit(enrolling, 'enroll-authenticator', { credentials });
      assert.equal(refused.status, 400, JSON.stringify(refused.json));
      const messages = fieldMessages(refused.json, 'enroll-authenticator', field);
      assert.ok(messages.length > 0 && messages.every((m) => m.length === 1 && m[0].i18n.key === key), `${JSON.stringify(credentials)}: ${JSON.stringify(messages)}`);
      return messages[0][0];
    };
    const tooShort = await refuse({ questionKey: 'disliked_food', answer: ' kale ' }, 'answer', 'securityQuestion.answer.tooShort.arg');
    assert.deepEqual(tooShort, {
      message: `The security question answer must be at least ${ANSWER_MIN_LENGTH} characters in length`,
      i18n: { key: 'securityQuestion.answer.tooShort.arg', params: [ANSWER_MIN_LENGTH] }, class: 'ERROR',
    });
    assert.equal(fieldMessages((await submit(enrolling, 'enroll-authenticator', { credentials: { questionKey: 'custom', question: 'Who was my first manager?' } })).json, 'enroll-authenticator', 'answer').length, 2,
      'a missing answer is too short too, shown in both forms as Okta shows it');
    await refuse({ questionKey: 'favorite_movie_quote', answer: 'what is your FAVORITE movie quote' }, 'answer', 'securityQuestion.answer.containsQuestion');
    await refuse({ questionKey: 'first_computer_game', answer: 'computer' }, 'answer', 'securityQuestion.answer.containsQuestion');
    await refuse({ questionKey: 'custom', question: 'My <b>secret</b> place?', answer: 'the old mill' }, 'question', 'tagsNotAllowed');
    await refuse({ questionKey: 'custom', question: ' Hm? ', answer: 'because' }, 'question', 'model.validation.field.string.minLength');
    await refuse({ questionKey: 'custom', question: 'q'.repeat(101), answer: 'because' }, 'question', 'model.validation.field.string.maxLength');
    await refuse({ questionKey: 'custom', answer: 'because' }, 'question', 'model.validation.field.blank');
    await refuse({ questionKey: 'first_kiss_location', answer: 'the old mill' }, 'questionKey', 'model.validation.field.value.not.allowed');
    await refuse({ questionKey: { no: 1 }, answer: 'the old mill' }, 'questionKey', 'model.validation.field.blank');
    await refuse({ questionKey: 'first_award', answer: ['the', 'old', 'mill'] }, 'answer', 'securityQuestion.answer.tooShort.arg');

    const enrolled = await submit(enrolling, 'enroll-authenticator', { credentials: { questionKey: 'first_award', answer: 'Spelling bee' } });
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.json));
    assert.ok(enrolled.json.successWithInteractionCode, JSON.stringify(remediationNames(enrolled.json)));

    const challenged = await emailDone(PEOPLE.refusals);
    assert.deepEqual(remediationNames(challenged), ['challenge-authenticator', 'select-authenticator-authenticate']);
    for (const answer of ['spelling', 12, undefined]) {
      clock.advance(5_000);
      const wrong = await submit(challenged, 'challenge-authenticator', { credentials: { questionKey: 'first_award', answer } });
      assert.equal(wrong.status, 401, JSON.stringify(wrong.json));
      assert.deepEqual(fieldMessages(wrong.json, 'challenge-authenticator', 'answer'), [[
        { message: "Your answer doesn't match our records. Please try again.", i18n: { key: 'authfactor.challenge.question_factor.answer_invalid' }, class: 'ERROR' },
      ]]);
      assert.equal(wrong.json.currentAuthenticatorEnrollment.value.contextualData.enrolledQuestion.questionKey, 'first_award', 'the same question is asked again');
    }
    const right = await submit(challenged, 'challenge-authenticator', { credentials: { questionKey: 'first_award', answer: 'SPELLING BEE' } });
    assert.equal(right.status, 200, JSON.stringify(right.json));
    assert.ok(right.json.successWithInteractionCode);
  });

  it('a user may try 5 answers in 15 minutes, across sign-ins: then 429 tooManyRequests, even for the right answer, until the window passes', async () => {
    const enrolling = await emailDone(PEOPLE.guesser);
    assert.equal((await submit(enrolling, 'enroll-authenticator', { credentials: { questionKey: 'first_award', answer: 'Spelling bee' } })).status, 200);
    for (let i = 0; i < 5; i++) {
      const state = await emailDone(PEOPLE.guesser);
      assert.equal((await submit(state, 'challenge-authenticator', { credentials: { questionKey: 'first_award', answer: `guess ${i}` } })).status, 401);
    }
    const state = await emailDone(PEOPLE.guesser);
    const limited = await submit(state, 'challenge-authenticator', { credentials: { questionKey: 'first_award', answer: 'Spelling bee' } });
    assert.equal(limited.status, 429, JSON.stringify(limited.json));
    assert.deepEqual(limited.json.messages.value.map((m: Json) => m.i18n.key), ['tooManyRequests']);
    clock.advance(15 * 60_000);
    const later = await submit(await emailDone(PEOPLE.guesser), 'challenge-authenticator', { credentials: { questionKey: 'first_award', answer: 'Spelling bee' } });
    assert.equal(later.status, 200, JSON.stringify(later.json));
  });

  it('never the first factor: until the email is answered, an account with a question is answered like one without', async () => {
    const enrolling = await emailDone(PEOPLE.enrolled);
    assert.equal((await submit(enrolling, 'enroll-authenticator', { credentials: { questionKey: 'first_award', answer: 'Spelling bee' } })).status, 200);
    const identified = async (login: string) => {
      const started = await interact(issuer, { clientId: TEST.spa.clientId, redirectUri: TEST.redirectUri });
      const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
      return (await submit(first.json, 'identify', { identifier: login })).json;
    };
    const shape = (state: Json) => ({
      remediations: remediationNames(state),
      enrollments: state.authenticatorEnrollments.value.map((e: Json) => e.key),
      current: state.currentAuthenticatorEnrollment.value.key,
      fields: state.remediation.value[0].value.find((f: Json) => f.name === 'credentials').form.value.map((f: Json) => f.name),
    });
    const withQuestion = shape(await identified(PEOPLE.enrolled));
    assert.deepEqual(withQuestion, shape(await identified(PEOPLE.notEnrolled)));
    assert.deepEqual(withQuestion.enrollments, ['okta_email'], 'the question is not offered before another factor');
  });

  it('the answer is stored only as a sealed argon2id hash of its normalised form; the question in the profile', async () => {
    const enrolling = await emailDone(PEOPLE.stored);
    const answer = 'Marzipan Torte';
    assert.equal((await submit(enrolling, 'enroll-authenticator', { credentials: { questionKey: 'grandmother_favorite_desert', answer } })).status, 200);
    const user = (await server.lk.store.users.findByLogin(PEOPLE.stored))!;
    const rows = await server.lk.store.db.selectFrom('authenticator_enrollments').selectAll().where('user_id', '=', user.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].authenticator_key, 'security_question');
    assert.deepEqual(JSON.parse(rows[0].profile), { questionKey: 'grandmother_favorite_desert', question: "What was your grandmother's favorite dessert?" });
    assert.ok(rows[0].secret?.startsWith('v1.'), 'sealed');
    assert.ok(!rows[0].secret!.includes('$argon2id$'), 'the hash is sealed too');
    const { encryption } = await ServerSecrets.open(server.lk.store, server.lk.config);
    const opened = encryption.open(rows[0].secret!, `authenticator_enrollments.${rows[0].id}`);
    assert.match(opened, /^\$argon2id\$/);
    for (const form of [answer, answer.toLowerCase(), 'marzipan']) assert.ok(!JSON.stringify(rows[0]).toLowerCase().includes(form.toLowerCase()), `no ${form} in the row`);
    const transactions = await server.lk.store.db.selectFrom('idx_transactions').select('state').execute();
    assert.ok(!transactions.some((t) => t.state.toLowerCase().includes('marzipan')), 'nor in any sign-in transaction');
  });
});
