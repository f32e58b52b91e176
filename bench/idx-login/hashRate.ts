/**
 * The machine's raw argon2id rate with Latchkey's parameters: `@node-rs/argon2` `hash` (which runs
 * on the libuv pool) kept `inFlight` deep for `seconds`. Run as its own process by run.ts, with
 * UV_THREADPOOL_SIZE set before Node starts (a pool sized inside the process is sized too late:
 * module loading already started it), and prints one JSON line:
 * `{"params":{…},"inFlight":2,"hashes":123,"seconds":5.01,"hashesPerSecond":24.5,"sample":"$argon2id$…"}`
 * where `sample` is one of the hashes (of PASSWORD): the benchmark's org gives it to its users.
 *
 *   UV_THREADPOOL_SIZE=2 node --import tsx bench/idx-login/hashRate.ts SECONDS IN_FLIGHT [PASSWORD]
 */
import { hash, type Options } from '@node-rs/argon2';

// Latchkey's own parameters, read from its source (a computed specifier keeps bench/'s type-check
// inside bench/; tsx loads the TypeScript at run time).
const PASSWORD_HASHING = new URL('../../packages/server/src/platform/passwordHashing.ts', import.meta.url).href;
const { ARGON2_PARAMS } = (await import(PASSWORD_HASHING)) as { ARGON2_PARAMS: Options };

const seconds = Number(process.argv[2] ?? 5);
const inFlight = Number(process.argv[3] ?? 1);
if (!(seconds > 0) || !(inFlight >= 1)) throw new Error('usage: hashRate.ts SECONDS IN_FLIGHT [PASSWORD]');

const PASSWORD = process.argv[4] ?? 'Correct-Horse-9';

async function rate(): Promise<{ hashes: number; seconds: number }> {
  let hashes = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let last = start;
  const lane = async () => {
    while (performance.now() < end) {
      await hash(PASSWORD, ARGON2_PARAMS);
      hashes++;
      last = performance.now();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { hashes, seconds: (last - start) / 1000 };
}

// Warm-up: the first hashes allocate the 19 MiB blocks and page them in.
const [sample] = await Promise.all(Array.from({ length: inFlight }, () => hash(PASSWORD, ARGON2_PARAMS)));
const r = await rate();
process.stdout.write(`${JSON.stringify({ params: ARGON2_PARAMS, inFlight, hashes: r.hashes, seconds: r.seconds, hashesPerSecond: r.hashes / r.seconds, sample })}\n`);
