import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TwilioSender } from '../../src/platform/delivery/twilioSender.js';
import { DeliveryError } from '../../src/platform/delivery/email.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { startFakeTwilio } from '../support/fakeTwilio.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'tok3n-that-must-not-leak';
const FROM = '+14155550000';

describe('TwilioSender against a local Twilio-compatible API', () => {
  let provider: Awaited<ReturnType<typeof startFakeTwilio>>;
  let sender: TwilioSender;
  before(async () => {
    provider = await startFakeTwilio();
    sender = new TwilioSender({ baseUrl: `${provider.url}/`, accountSid: SID, authToken: TOKEN, from: FROM });
  });
  after(() => provider.stop());

  it('texts through Messages.json: form-encoded To, From and Body, basic auth with the account sid and token', async () => {
    await sender.send({ to: '+14155552671', channel: 'sms', text: 'Your verification code is 123456.', kind: 'phone-challenge' });
    const [request] = provider.received.splice(0);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, `/2010-04-01/Accounts/${SID}/Messages.json`);
    assert.equal(request.contentType, 'application/x-www-form-urlencoded;charset=UTF-8');
    assert.equal(request.authorization, `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    assert.deepEqual(request.form, { To: '+14155552671', From: FROM, Body: 'Your verification code is 123456.' });
  });

  it('calls through Calls.json with TwiML that reads the code digit by digit, twice', async () => {
    await sender.send({ to: '+14155552671', channel: 'voice', text: 'Your verification code is 123456.', kind: 'phone-challenge' });
    const [request] = provider.received.splice(0);
    assert.equal(request.path, `/2010-04-01/Accounts/${SID}/Calls.json`);
    assert.equal(request.form.To, '+14155552671');
    assert.equal(request.form.From, FROM);
    assert.equal(request.form.Body, undefined);
    const say = '<Say>Your verification code is 1 2 3 4 5 6.</Say>';
    assert.equal(request.form.Twiml, `<Response>${say}<Pause length="1"/>${say}</Response>`);
  });

  it('a refusal is a DeliveryError with the provider\'s status and message, never the token', async () => {
    provider.failWith = { status: 401, message: `Authenticate: token ${TOKEN} is wrong` };
    try {
      await assert.rejects(sender.send({ to: '+14155552671', channel: 'sms', text: 'x', kind: 'phone-challenge' }), (error: unknown) => {
        assert.ok(error instanceof DeliveryError);
        assert.equal(error.responseCode, 401);
        assert.match(error.message, /HTTP 401: Authenticate: token \[redacted\] is wrong/);
        assert.ok(!error.message.includes(TOKEN));
        return true;
      });
    } finally {
      provider.failWith = undefined;
    }
  });

  it('an unreachable provider is a DeliveryError too', async () => {
    const down = new TwilioSender({ baseUrl: 'http://127.0.0.1:1', accountSid: SID, authToken: TOKEN, from: FROM });
    await assert.rejects(down.send({ to: '+14155552671', channel: 'sms', text: 'x', kind: 'phone-challenge' }), DeliveryError);
  });
});

describe('the SMS provider settings', () => {
  it('come from flags or LATCHKEY_SMS_* variables; the account, token and from-number go together; the base URL defaults to Twilio\'s', () => {
    const fromEnv = loadConfig({}, { LATCHKEY_SMS_ACCOUNT_SID: SID, LATCHKEY_SMS_AUTH_TOKEN: TOKEN, LATCHKEY_SMS_FROM: FROM });
    assert.deepEqual([fromEnv.smsBaseUrl, fromEnv.smsAccountSid, fromEnv.smsAuthToken, fromEnv.smsFrom], ['https://api.twilio.com', SID, TOKEN, FROM]);
    assert.equal(loadConfig({ smsBaseUrl: 'http://127.0.0.1:9/' }, {}).smsBaseUrl, 'http://127.0.0.1:9');
    assert.equal(loadConfig({}, {}).smsAccountSid, undefined);
    assert.throws(() => loadConfig({ smsAccountSid: SID }, {}), (e: unknown) => e instanceof ConfigError && /--sms-auth-token/.test(e.message));
    assert.throws(() => loadConfig({ smsAccountSid: SID, smsAuthToken: TOKEN, smsFrom: '555-0100' }, {}), /--sms-from \(LATCHKEY_SMS_FROM\) must be a phone number in E.164/);
    assert.throws(() => loadConfig({ smsBaseUrl: 'ftp://x' }, {}), /--sms-base-url/);
  });
});
