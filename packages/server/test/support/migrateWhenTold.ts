/**
 * A process that opens a store on the database URL it is given, prints `ready`, and migrates when
 * it reads a line, printing `{ applied }` or `{ error }`: lets a test start migrations in several
 * processes at the same instant.
 */
import { Store } from '../../src/store/store.js';

const store = Store.open(process.argv[2]);
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  try {
    process.stdout.write(`${JSON.stringify({ applied: await store.migrate() })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  } finally {
    await store.close();
    process.stdin.destroy();
  }
});
