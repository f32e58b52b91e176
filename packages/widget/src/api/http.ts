/** The media type of IDX requests and answers. */
export const ION = 'application/ion+json; okta-version=1.0.0';

/** Names the widget in the server's logs, as Okta's SDKs name themselves. */
const USER_AGENT = { 'X-Okta-User-Agent-Extended': 'latchkey-widget/0.1.0' };

/** An HTTP answer, read once: okta-auth-js hands the same to `afterError` as `xhr`. */
export interface Answer {
  status: number;
  responseText: string;
  responseJSON?: Record<string, unknown>;
}

/**
 * A failure outside the IDX states: `errorSummary` as the server or the widget put it, `key` when
 * the widget's own words (translated) say it better than the server's.
 */
export class WidgetError extends Error {
  constructor(readonly errorSummary: string, readonly details: { key?: string; xhr?: Answer } = {}) {
    super(errorSummary);
    this.name = 'AuthApiError';
  }

  /** An answer that is not what was asked for: an OAuth error (RFC 6749), Okta's API error, or anything else. */
  static fromAnswer(answer: Answer): WidgetError {
    const body = answer.responseJSON ?? {};
    return new WidgetError(String(body.error_description ?? body.errorSummary ?? body.error ?? `HTTP ${answer.status}`), { xhr: answer });
  }
}

/**
 * POSTs and reads the answer whatever its status (IDX errors are states to render). Cookies go
 * along only for IDX calls, where the server keeps the sign-in session.
 */
export function post(url: string, body: string | URLSearchParams, headers: Record<string, string>, withCredentials: boolean): Promise<Answer> {
  return send(url, { method: 'POST', body, headers: { ...headers, ...USER_AGENT }, credentials: withCredentials ? 'include' : 'omit' });
}

/** GETs and reads the answer whatever its status (a list an authn transaction links to). */
export function get(url: string, headers: Record<string, string>): Promise<Answer> {
  return send(url, { headers: { ...headers, ...USER_AGENT }, credentials: 'include' });
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new WidgetError('Unable to connect to the server.', { key: 'error.network.connection' });
  }
  const responseText = await response.text();
  let responseJSON: Record<string, unknown> | undefined;
  try {
    responseJSON = JSON.parse(responseText);
  } catch {
    responseJSON = undefined;
  }
  return { status: response.status, responseText, responseJSON };
}
