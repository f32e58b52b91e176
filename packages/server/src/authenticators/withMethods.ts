import type { Authenticator } from './authenticator.js';

/**
 * `a` offering only those of its methods that `allowed` names (a password policy lets the phone
 * recover or unlock by sms only, say): its views list only those and its method choice offers only
 * those, so a choice of another is refused (see Steps.choose). An authenticator of one method, or none of whose methods is allowed, is as it is.
 */
export function withMethods(a: Authenticator, allowed: readonly string[]): Authenticator {
  const choiceFields = a.choiceFields;
  if (!a.methods || !choiceFields) return a;
  const methods = a.methods.filter((m) => allowed.includes(m));
  if (methods.length === 0 || methods.length === a.methods.length) return a;
  return {
    ...a,
    methods,
    methodType: methods.includes(a.methodType) ? a.methodType : methods[0],
    choiceFields: (enrolling) => choiceFields(enrolling).map((f) => (f.name === 'methodType' && f.options ? { ...f, options: f.options.filter((o) => 'value' in o && methods.includes(o.value as string)) } : f)),
  };
}
