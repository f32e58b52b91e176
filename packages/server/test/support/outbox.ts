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
