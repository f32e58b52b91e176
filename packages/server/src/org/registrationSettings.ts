import type { Repositories, Store } from '../store/store.js';
import type { KeyEncryption } from '../platform/keyEncryption.js';
import { fromJson } from '../store/json.js';
import { profileSchemaOf, type InlineHook } from './orgFile/registrationSchema.js';
import type { OrgDocument } from './orgFile/schema.js';
import type { ConfigCache } from './configCache.js';
import type { UserSchema } from '../policy/userSchema.js';

/** Where the user profile schema and the inline hooks live in the settings table. */
export const REGISTRATION_SETTINGS = { userSchema: 'org.userSchema', inlineHooks: 'org.inlineHooks' } as const;

/**
 * The org's user profile schema (its custom attributes; none unless the org file declares some). It is
 * stored as the file writes it (`format: email`), so it is read through the same translation the file's
 * checks use.
 */
export const userSchemaOf = async (config: ConfigCache): Promise<UserSchema> =>
  profileSchemaOf(fromJson<OrgDocument['userSchema']>((await config.setting(REGISTRATION_SETTINGS.userSchema)) ?? null, undefined));

/** The secret header's value is stored sealed under the key-encryption key, bound to the hook's id. */
const sealContext = (hookId: string) => `inline hook ${hookId}`;

/** Whether the file's inline hooks carry a secret to seal (the importer then needs the key-encryption key). */
export const hooksCarrySecrets = (hooks: readonly InlineHook[]): boolean => hooks.some((h) => h.channel.config.authScheme !== undefined);

/**
 * Writes the file's user schema and inline hooks (a file without them leaves them as stored). A hook
 * without its secret keeps the one stored (an export without secrets imports back unchanged).
 * Answers a problem to report when a hook's secret cannot be sealed.
 */
export async function importRegistrationSettings(repos: Repositories, doc: OrgDocument, sealing: KeyEncryption | undefined): Promise<string | undefined> {
  if (doc.userSchema) await repos.settings.set(REGISTRATION_SETTINGS.userSchema, JSON.stringify(doc.userSchema));
  if (doc.inlineHooks.length === 0) return undefined;
  if (hooksCarrySecrets(doc.inlineHooks) && !sealing) return 'an inline hook has an authScheme secret: the import needs the key-encryption key to seal it';
  const stored = storedInlineHooks(await repos.settings.get(REGISTRATION_SETTINGS.inlineHooks));
  const sealed = doc.inlineHooks.map((h) => {
    const auth = h.channel.config.authScheme;
    const kept = stored.find((s) => s.id === h.id)?.channel.config.authScheme;
    const authScheme = auth ? { ...auth, value: sealing!.seal(auth.value, sealContext(h.id)) } : kept;
    return { ...h, channel: { ...h.channel, config: { ...h.channel.config, ...(authScheme && { authScheme }) } } };
  });
  await repos.settings.set(REGISTRATION_SETTINGS.inlineHooks, JSON.stringify(sealed));
  return undefined;
}

/** The stored inline hooks, their secrets sealed (see openHookSecret). */
export function storedInlineHooks(value: string | undefined): InlineHook[] {
  return fromJson<InlineHook[]>(value ?? null, []);
}

/** The header a hook sends its secret in, opened. */
export function openHookSecret(hook: InlineHook, sealing: KeyEncryption): { key: string; value: string } | undefined {
  const auth = hook.channel.config.authScheme;
  return auth && { key: auth.key, value: sealing.open(auth.value, sealContext(hook.id)) };
}

/** The user schema and inline hooks as the org file writes them; secrets opened only with `openSecrets`, else left out. */
export async function exportRegistrationSettings(store: Store, openSecrets: KeyEncryption | undefined): Promise<Pick<OrgDocument, 'userSchema' | 'inlineHooks'>> {
  const [schema, hooks] = await Promise.all([store.settings.get(REGISTRATION_SETTINGS.userSchema), store.settings.get(REGISTRATION_SETTINGS.inlineHooks)]);
  const inlineHooks = storedInlineHooks(hooks).map((h) => {
    const secret = openSecrets && openHookSecret(h, openSecrets);
    const { authScheme: _sealed, ...config } = h.channel.config;
    return { ...h, channel: { ...h.channel, config: { ...config, ...(secret && { authScheme: { type: 'HEADER' as const, ...secret } }) } } };
  });
  return { ...(schema !== undefined && { userSchema: JSON.parse(schema) as OrgDocument['userSchema'] }), inlineHooks };
}
