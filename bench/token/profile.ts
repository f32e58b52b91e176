/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`, or `npm run bench:token -- --cpu-prof DIR`):
 * where the main thread's time went, by function (self and inclusive) and by module.
 *
 *   node --import tsx bench/token/profile.ts FILE.cpuprofile [--top N] [--after FUNCTION]
 *
 * `--after tokenAction` drops the samples taken before the first one inside that function: the
 * start-up (module loading, migrations, org import) then no longer dilutes the steady state.
 *
 * Only the JavaScript thread is sampled: work on the libuv thread pool (the RS256 signatures of
 * node:crypto's callback `sign`) does not appear here except as the callbacks that collect it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' }, after: { type: 'string' } } });
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: profile.ts FILE.cpuprofile [--top N] [--after FUNCTION]\n');
  process.exit(2);
}
const top = Number(values.top ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const onStack = (id: number, name: string) => {
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur)!.callFrame.functionName === name) return true;
  return false;
};

// Self time per node from the samples and their time deltas (more exact than hitCount × interval).
let first = 0;
if (values.after) {
  first = profile.samples.findIndex((id) => onStack(id, values.after!));
  if (first < 0) {
    process.stderr.write(`no sample inside ${values.after}\n`);
    process.exit(1);
  }
}
const selfUs = new Map<number, number>();
for (let i = first; i < profile.samples.length; i++) {
  const delta = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + delta);
}

const ROOT_PREFIX = new URL('../../', import.meta.url).href;
function where(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return '';
  const nm = url.lastIndexOf('/node_modules/');
  const short = nm >= 0 ? url.slice(nm + '/node_modules/'.length) : url.startsWith(ROOT_PREFIX) ? url.slice(ROOT_PREFIX.length) : url;
  return `${short}:${frame.lineNumber + 1}`;
}
function moduleOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node: (core)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith(ROOT_PREFIX)) {
    const rel = url.slice(ROOT_PREFIX.length).split('/');
    return rel.slice(0, Math.min(rel.length - 1, 5)).join('/');
  }
  return url;
}
const key = (f: CallFrame) => `${f.functionName || '(anonymous)'}  ${where(f)}`;

const IDLE = new Set(['(idle)']);
let totalUs = 0;
let busyUs = 0;
const self = new Map<string, number>();
const modules = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  totalUs += us;
  if (IDLE.has(node.callFrame.functionName)) continue;
  busyUs += us;
  self.set(key(node.callFrame), (self.get(key(node.callFrame)) ?? 0) + us);
  modules.set(moduleOf(node.callFrame), (modules.get(moduleOf(node.callFrame)) ?? 0) + us);
  // Inclusive: this sample counts once for every distinct function on its stack.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur)!.callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}

const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1).padStart(5)}%`;
const print = (title: string, map: Map<string, number>, n: number) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${ms(us)} ms ${pct(us)}  ${k}`);
};

console.log(`${file}\n  wall ${(totalUs / 1e6).toFixed(1)} s sampled, busy (not idle) ${(busyUs / 1e6).toFixed(1)} s; percentages are of busy time`);
print('By module (self time)', modules, top);
print('By function, self time', self, top);
print('By function, inclusive time (skipping the root and event-loop frames)', new Map([...inclusive].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(program)'))), top);
