import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake provider received. */
export interface ProviderRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

/**
 * A local stand-in for a Twilio-compatible API on 127.0.0.1: records each request and answers as
 * Twilio does (201 with a resource; `failWith` makes it answer an error in Twilio's JSON shape).
 */
export async function startFakeTwilio(): Promise<{ url: string; received: ProviderRequest[]; failWith?: { status: number; message: string }; stop(): Promise<void> }> {
  const state: { url: string; received: ProviderRequest[]; failWith?: { status: number; message: string }; stop(): Promise<void> } = { url: '', received: [], stop: async () => undefined };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      state.received.push({
        method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization,
        contentType: request.headers['content-type'], form: Object.fromEntries(new URLSearchParams(body)),
      });
      response.setHeader('Content-Type', 'application/json');
      if (state.failWith) {
        response.statusCode = state.failWith.status;
        response.end(JSON.stringify({ code: 20003, message: state.failWith.message, status: state.failWith.status }));
        return;
      }
      response.statusCode = 201;
      response.end(JSON.stringify({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
