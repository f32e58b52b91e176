import type { App } from '../store/repositories/apps.js';
import type { IdxTransaction } from '../store/repositories/idxTransactions.js';
import type { User } from '../store/repositories/users.js';
import type { Authenticator } from '../authenticators/authenticator.js';
import { stableId } from '../platform/ids.js';
import type { Message } from '../vocabulary/messages.js';
import { authenticatorData, challengeAuthenticator, challengePoll, type Remediation, type SelectableAuthenticator } from './remediations.js';
import type { EnrollmentChoice } from './enrollmentChoices.js';
import type { DecoyIds } from './decoyIds.js';
import type { AuthenticatorView, StepView } from './step.js';
import { otherProvider } from '../authenticators/classicProvider.js';

/** Authenticator ids are the same in every org process: derived from the key. */
export const authenticatorIdOf = (a: Authenticator): string => stableId('aut', a.key);

export const selectable = (a: Authenticator): SelectableAuthenticator => ({
  key: a.key, id: authenticatorIdOf(a), displayName: a.displayName, methodType: a.methodType, ...(a.choiceFields && { choiceFields: a.choiceFields.bind(a) }),
});

/** An enrollment as a select option: it names its enrollment when the user has several of the kind. */
export const selectableEnrollment = (c: EnrollmentChoice): SelectableAuthenticator => ({ ...selectable(c.authenticator), ...(c.several && { enrollmentId: c.enrollment!.id }) });

/** The method chosen for the challenge under way, when one was (the phone: sms or voice), shown as its only method. */
export const chosenMethod = (txn: IdxTransaction): { methods?: Array<{ type: string }> } =>
  (txn.state.challenge?.choice && !txn.state.challenge.awaitingChoice ? { methods: [{ type: txn.state.challenge.methodType }] } : {});

/** The form of the challenge under way: what must still be chosen with it, a poll while it is answered elsewhere, or the answer. */
export function challengeForm(txn: IdxTransaction, current: EnrollmentChoice): Remediation {
  if (txn.state.challenge?.awaitingChoice) return authenticatorData(selectableEnrollment(current), false);
  return current.authenticator.answeredElsewhere ? challengePoll() : challengeAuthenticator(current.authenticator.answerFields(txn.state.challenge?.data));
}

/** Every step's view without its forms. */
export type BaseView = Omit<StepView, 'remediations'>;

/**
 * What a step shows of the transaction's user and authenticators. For an identifier that matched
 * nobody it shows decoy ids, stable and alike (user enumeration prevention).
 */
export class Views {
  constructor(private readonly decoys: DecoyIds) {}

  base(txn: IdxTransaction, app: App, messages: Message[]): BaseView {
    return {
      intent: txn.intent, expiresAt: txn.expiresAt, messages, authenticatorEnrollments: [],
      user: txn.state.identifier ? { id: this.shownUserId(txn, txn.state.identifier), identifier: txn.state.identifier } : undefined,
      app: { id: app.clientId, name: app.name, label: app.label },
      ...(txn.request.relayState !== undefined && { relayState: txn.request.relayState }),
    };
  }

  /** `enrollmentId` is stable for kinds without rows (the same for an identifier that matched nobody: see shownUserId). */
  authenticator(a: Authenticator, txn: IdxTransaction, enrollmentId?: string): AuthenticatorView {
    return {
      key: a.key, type: a.type, id: authenticatorIdOf(a), displayName: a.displayName, methods: (a.methods ?? [a.methodType]).map((type) => ({ type })),
      enrollmentId: enrollmentId ?? stableId('pae', a.key, this.shownUserId(txn, txn.state.identifier ?? '')),
    };
  }

  /** One of the user's enrollments with what they may see of it (masked). */
  enrollment({ authenticator: a, enrollment }: EnrollmentChoice, txn: IdxTransaction, user: User | undefined): AuthenticatorView {
    const profile = enrollment ? a.enrollmentProfile?.(enrollment) : a.presentation?.(user, txn.state.identifier).profile;
    const details = enrollment && a.enrollmentDetails?.(enrollment);
    const classicProvider = otherProvider(a.classicFactor, enrollment?.profile);
    const classicProfile = enrollment && a.classicFactor?.factorProfile?.(enrollment.profile);
    return {
      ...this.authenticator(a, txn, enrollment?.id), ...(profile && { profile }), ...(details && { details }), ...(classicProvider && { classicProvider }),
      ...(classicProfile && { classicProfile }),
    };
  }

  /** The user's id, or for an identifier that matched nobody, its decoy id. */
  private shownUserId(txn: IdxTransaction, identifier: string): string {
    return txn.userId ?? this.decoys.userId(identifier);
  }
}
