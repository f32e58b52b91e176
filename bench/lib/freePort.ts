import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 now (the OS picks it), for a server the benchmark starts. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePromise(port));
    });
  });
}
