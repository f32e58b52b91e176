import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Edit, Finding } from './finding.js';
import { filesUnder, scriptsOf } from './sources.js';
import { parseScript } from './syntax.js';
import { RULES } from './rules/index.js';

export interface ScanReport {
  /** What must change, in file order; with --fix, what was left for a person. */
  findings: Finding[];
  /** With --fix: the findings whose rewrite was applied. */
  fixed: Finding[];
  files: number;
  /** Files whose scripts could not be parsed at all (reported, not guessed at). */
  unparsed: string[];
}

/** The findings of one file's text. */
export function scanText(file: string, text: string): { findings: Finding[]; parsed: boolean } {
  let parsed = true;
  const findings = scriptsOf(file, text).flatMap((script) => {
    const tree = parseScript(script);
    if (!tree) parsed = false;
    return tree ? RULES.flatMap((rule) => rule(tree)) : [];
  });
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, parsed };
}

/** Applies edits to a text, last first so earlier offsets stay right; edits that overlap one already taken are dropped. */
export function applyEdits(text: string, edits: Edit[]): string {
  let result = text;
  let limit = Infinity;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    if (e.end > limit) continue;
    result = result.slice(0, e.start) + e.text + result.slice(e.end);
    limit = e.start;
  }
  return result;
}

/** Scans a file or a folder (skipping node_modules and build output); with `fix`, rewrites the files the safe fixes touch. */
export async function scanPath(path: string, options: { fix?: boolean } = {}): Promise<ScanReport> {
  const single = !(await stat(path)).isDirectory();
  const root = single ? dirname(path) : path;
  const files = single ? [basename(path)] : await filesUnder(path);
  const report: ScanReport = { findings: [], fixed: [], files: files.length, unparsed: [] };
  for (const file of files) {
    const text = await readFile(join(root, file), 'utf8');
    const { findings, parsed } = scanText(file, text);
    if (!parsed) report.unparsed.push(file);
    const fixable = options.fix ? findings.filter((f) => f.fix) : [];
    if (fixable.length > 0) await writeFile(join(root, file), applyEdits(text, fixable.flatMap((f) => f.fix!)));
    report.fixed.push(...fixable);
    report.findings.push(...findings.filter((f) => !fixable.includes(f)));
  }
  return report;
}
