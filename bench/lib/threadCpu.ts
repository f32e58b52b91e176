import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times. */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) in a /proc `stat` file (a process's or a thread's; Linux); throws when it cannot be read. */
export function cpuOfStat(path: string): number {
  // Fields after the parenthesised command name: state is field 3; utime and stime are 14 and 15.
  const text = readFileSync(path, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** CPU seconds (user + system) of each thread of a process, by thread id (the main thread's id is the pid); undefined off Linux. */
export function threadCpu(pid: number): Map<number, number> | undefined {
  try {
    const out = new Map<number, number>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        out.set(Number(tid), cpuOfStat(`/proc/${pid}/task/${tid}/stat`));
      } catch {
        // the thread ended
      }
    }
    return out;
  } catch {
    return undefined;
  }
}
