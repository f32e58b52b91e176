import assert from 'node:assert/strict';

/** The text of the newest email to `to`, read through the development outbox (GET /api/dev/outbox, dev mode). */
export async function latestEmailText(serverUrl: string, to: string): Promise<string> {
  const r = await fetch(`${serverUrl}/api/dev/outbox?to=${encodeURIComponent(to)}&limit=1`);
  const { messages } = await r.json() as { messages: { text: string }[] };
  assert.ok(messages.length > 0, `no email to ${to}`);
  return messages[0].text;
}

/** The one-time code an email challenge sends. */
export const codeIn = (text: string): string => /code is (\d{6})/.exec(text)![1];

/** The magic link an email challenge sends. */
export const linkIn = (text: string): string => /(http\S+\/email\/verify\/\S+)/.exec(text)![1];

/** The token of the newest emailed recovery link of `kind` to `to` (a reset link, or Classic's unlock link: `account-unlock-link`). */
export async function emailedRecoveryToken(serverUrl: string, to: string, kind = 'password-reset-link'): Promise<string> {
  const r = await fetch(`${serverUrl}/api/dev/outbox?to=${encodeURIComponent(to)}&limit=100`);
  const mail = ((await r.json()) as { messages: Array<{ kind: string; text: string }> }).messages.find((m) => m.kind === kind);
  assert.ok(mail, `no ${kind} emailed to ${to}`);
  return decodeURIComponent(/\/signin\/(?:reset-password|user-unlock)\/(\S+)/.exec(mail.text)![1]);
}
