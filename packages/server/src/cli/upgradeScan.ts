import { scanPath, type ScanReport } from '../upgrade/scan/scan.js';
import type { Finding } from '../upgrade/scan/finding.js';

const describe = (f: Finding, prefix = ''): string =>
  `${prefix}${f.file}:${f.line}:${f.column}  ${f.rule}  ${f.what}\n    why:     ${f.why}\n    instead: ${f.instead}\n`;

function summary(report: ScanReport, fixing: boolean): string {
  const left = report.findings.length;
  const fixable = report.findings.filter((f) => f.fix).length;
  const files = `${report.files} file${report.files === 1 ? '' : 's'} scanned`;
  if (fixing) return `${files}: ${report.fixed.length} fixed, ${left} left to change by hand\n`;
  return `${files}: ${left} finding${left === 1 ? '' : 's'}${fixable ? ` (${fixable} with a safe fix: run again with --fix)` : ''}\n`;
}

/**
 * `latchkey upgrade scan PATH [--fix] [--json]`: what an app's code must change for the Identity
 * Engine. Answers the exit code: 1 while findings are left (so a CI step can gate on it), else 0.
 */
export async function upgradeScan(path: string, options: { fix?: boolean; json?: boolean }): Promise<number> {
  const report = await scanPath(path, { fix: options.fix });
  const strip = ({ fix: _edits, ...f }: Finding) => ({ ...f, fixable: _edits !== undefined });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...report, findings: report.findings.map(strip), fixed: report.fixed.map(strip) }, null, 2)}\n`);
  } else {
    const out = [...report.fixed.map((f) => describe(f, 'fixed: ')), ...report.findings.map((f) => describe(f))];
    for (const file of report.unparsed) out.push(`${file}: not scanned, it does not parse as JavaScript or TypeScript\n`);
    process.stdout.write(out.join('') + summary(report, Boolean(options.fix)));
  }
  return report.findings.length > 0 ? 1 : 0;
}
