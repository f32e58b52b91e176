import { parseArgs } from 'node:util';
import { hostname } from 'node:os';
import { DeviceClient } from './deviceClient.js';

export const VERIFY_USAGE = `Usage: latchkey verify <command> [--key FILE]

A Latchkey Verify device on this computer: its key lives in FILE (default ./latchkey-verify.json).

Commands:
  enroll URI [--name NAME]    enrol this device with the URI under the sign-in page's QR code
  pending [--json]            the sign-in pushes waiting for an answer
  approve [ID] [--number N]   approve a push (the only pending one when no ID), choosing the
                              number the sign-in page shows when it shows one
  deny [ID]                   deny a push
`;

/** A mistake in the command line (exit code 2). */
export class VerifyUsageError extends Error {}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv, allowPositionals: true,
      options: { key: { type: 'string' }, name: { type: 'string' }, number: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new VerifyUsageError((error as Error).message);
  }
}

/** Runs `latchkey verify …`; answers what to print. */
export async function runVerify(argv: string[]): Promise<string> {
  const { values: v, positionals: [command, arg] } = parse(argv);
  const keyFile = v.key ?? 'latchkey-verify.json';
  if (v.help || !command) return VERIFY_USAGE;
  if (command === 'enroll') {
    if (!arg) throw new VerifyUsageError('enroll needs the enrollment URI');
    const device = await DeviceClient.enroll(arg, v.name ?? hostname(), keyFile);
    return `enrolled ${device.enrollmentId}; key in ${keyFile}\n`;
  }
  const device = await DeviceClient.open(keyFile);
  if (command === 'pending') {
    const pushes = await device.pending();
    if (v.json) return `${JSON.stringify(pushes)}\n`;
    return pushes.map((p) => `${p.id}${p.choices.length ? `  numbers ${p.choices.join(' ')}` : ''}  until ${p.expiresAt}\n`).join('') || 'no pending push\n';
  }
  if (command !== 'approve' && command !== 'deny') throw new VerifyUsageError(`unknown verify command ${JSON.stringify(command)}`);
  const number = v.number === undefined ? undefined : Number(v.number);
  if (number !== undefined && !Number.isInteger(number)) throw new VerifyUsageError('--number must be a whole number');
  let id = arg;
  if (!id) {
    const pushes = await device.pending();
    if (pushes.length !== 1) throw new VerifyUsageError(`${pushes.length} pushes are pending: name one (latchkey verify pending)`);
    id = pushes[0].id;
  }
  return `${await device.answer(id, command, number)}\n`;
}
