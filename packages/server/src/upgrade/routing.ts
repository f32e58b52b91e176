import { createHash } from 'node:crypto';
import type { EngineMode } from '../org/classic/engineMode.js';
import type { Person } from '../policy/people.js';
import type { AppMove } from './appMoves.js';

/** 0–99, the same for one app and one user in every process and release: a user's place in a rollout. */
export function rolloutBucket(clientId: string, userId: string): number {
  return createHash('sha256').update(`${clientId}\u0000${userId}`).digest().readUInt32BE(0) % 100;
}

/**
 * The engine an app's sign-in of this person goes through: Classic while the org is, or while the
 * app cannot use the Identity Engine (no interaction_code grant); else the Identity Engine for the
 * groups the rollout names and for the users whose bucket falls under its percentage. An app that
 * has the grant without a move (an Identity Engine org's own apps) is all Identity Engine.
 */
export function engineFor(input: { orgEngine: EngineMode; canUseIdx: boolean; clientId: string; move: AppMove | undefined; person: Person }): EngineMode {
  const { orgEngine, canUseIdx, clientId, move, person } = input;
  if (orgEngine === 'classic' || !canUseIdx) return 'classic';
  if (!move) return 'identity_engine';
  if (move.groups.some((g) => person.groups.includes(g))) return 'identity_engine';
  return rolloutBucket(clientId, person.id) < move.percent ? 'identity_engine' : 'classic';
}
