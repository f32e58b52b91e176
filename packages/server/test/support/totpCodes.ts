import { authenticator } from 'otplib';

/**
 * A source of TOTP codes of `secret`, each of a time step not used yet (each step's code is accepted
 * once, within a step of now): it waits for the next step when needed. `now`: the server's clock.
 */
export function totpCodes(secret: string, now: () => number = Date.now): () => Promise<string> {
  let lastStep = 0;
  return async () => {
    for (;;) {
      const current = Math.floor(now() / 30_000);
      const step = Math.max(lastStep + 1, current);
      if (step <= current + 1) {
        lastStep = step;
        return authenticator.clone({ epoch: step * 30_000 }).generate(secret);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
}
