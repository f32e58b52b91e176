import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST } from '../support/testOrg.js';
import { phoneOrg, TWO_FACTOR_APP } from '../support/phoneOrg.js';
import { startFakeTwilio, type ProviderRequest } from '../support/fakeTwilio.js';
import { interact, introspect, remediation, submit, type Json } from '../support/idx.js';

const PERSON = 'pia@example.com';
const PHONE = '+14155550150';
const SID = 'AC00000000000000000000000000000001';

let provider: Awaited<ReturnType<typeof startFakeTwilio>>;
let server: TestServer;
before(async () => {
  provider = await startFakeTwilio();
  server = await startTestServer({
    org: phoneOrg([PERSON]),
    configOverrides: { smsBaseUrl: provider.url, smsAccountSid: SID, smsAuthToken: 'secret-token', smsFrom: '+14155550000' },
  });
});
after(async () => {
  await server.stop();
  await provider.stop();
});

/** What the provider received once it arrives (codes are sent in the background). */
async function nextRequest(): Promise<ProviderRequest> {
  for (let i = 0; i < 100 && provider.received.length === 0; i++) await sleep(20);
  assert.ok(provider.received.length > 0, 'nothing reached the provider');
  return provider.received.shift()!;
}

describe('phone codes through a Twilio-compatible provider (--sms-account-sid …)', () => {
  it('the enrollment code goes to the provider as a text, not to the outbox, and enrolls the phone', async () => {
    const issuer = `${server.url}/oauth2/default`;
    const started = await interact(issuer, { clientId: TWO_FACTOR_APP, redirectUri: TEST.redirectUri });
    const first = await introspect(server.url, { interactionHandle: started.json.interaction_handle });
    const identified = await submit(first.json, 'identify', { identifier: PERSON });
    const asked = (await submit(identified.json, 'challenge-authenticator', { credentials: { passcode: TEST.password } })).json as Json;
    const id = remediation(asked, 'authenticator-enrollment-data').value[0].form.value[0].value;
    const sent = await submit(asked, 'authenticator-enrollment-data', { authenticator: { id, methodType: 'sms', phoneNumber: PHONE } });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));

    const request = await nextRequest();
    assert.equal(request.path, `/2010-04-01/Accounts/${SID}/Messages.json`);
    assert.equal(request.form.To, PHONE);
    assert.equal(request.form.From, '+14155550000');
    const code = /code is (\d{6})/.exec(request.form.Body)![1];
    const outbox = await (await fetch(`${server.url}/api/dev/outbox?to=${encodeURIComponent(PHONE)}`)).json() as { messages: unknown[] };
    assert.deepEqual(outbox.messages, [], 'nothing in the outbox');

    const done = await submit(sent.json, 'enroll-authenticator', { credentials: { passcode: code } });
    assert.equal(done.status, 200, JSON.stringify(done.json));
    assert.ok(done.json.successWithInteractionCode);
  });
});
