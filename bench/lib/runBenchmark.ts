/**
 * Runs a benchmark's main: its answer becomes the exit code; `cleanUp` (stopping the servers it
 * started) runs on exit, on SIGINT/SIGTERM and on failure.
 */
export function runBenchmark(name: string, main: () => Promise<number>, cleanUp: () => void): void {
  process.once('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanUp();
      process.exit(130);
    });
  }
  main().then((code) => {
    process.exitCode = code;
  }, (error: unknown) => {
    cleanUp();
    console.error(`\n${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
