/**
 * How many long tasks (password hashes, ~10 ms each) are on libuv's thread pool or waiting for it.
 * When they fill it, a short task (an RS256 signature, ~0.3 ms) is better done on the event loop
 * at once than queued behind them: a token answer then waits for no one else's sign-in.
 */
const poolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;
let longTasks = 0;

export async function longPoolTask<T>(task: () => Promise<T>): Promise<T> {
  longTasks++;
  try {
    return await task();
  } finally {
    longTasks--;
  }
}

/** True while every pool thread has a long task to do (or more are waiting). */
export const poolFullOfLongTasks = (): boolean => longTasks >= poolSize;
