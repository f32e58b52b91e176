import type { Selectable } from 'kysely';
import type { JSONWebKeySet } from 'jose';
import type { Db } from '../database.js';
import type { AppsTable } from '../schema.js';
import { fromFlag, fromJson, toFlag, toJson } from '../json.js';

/** Okta's OIDC application types: web (confidential), browser (SPA), native, service (machine to machine). */
export type AppType = 'web' | 'browser' | 'native' | 'service';
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'interaction_code' | 'implicit' | 'password';

export interface AppSettings {
  /** ROTATE issues a new refresh token on each use; STATIC keeps it. */
  refreshTokenRotation: 'ROTATE' | 'STATIC';
  /** Seconds during which a rotated refresh token may still be used (network retries). */
  refreshTokenLeewaySeconds: number;
  /** The engine the app signs in through (absent: the org's; in an Identity Engine org, Identity Engine when it has the interaction_code grant). */
  engine?: 'classic' | 'identity_engine';
  /** While moving to the Identity Engine: who is routed there (absent: everyone). */
  rollout?: AppRollout;
}

/** A share of users (by a stable hash of app and user) and whole groups (by name). */
export interface AppRollout {
  percent: number;
  groups: string[];
}

export interface App {
  clientId: string;
  name: string;
  label: string;
  type: AppType;
  status: 'ACTIVE' | 'INACTIVE';
  clientSecretHash: string | null;
  tokenEndpointAuthMethod: ClientAuthMethod;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: GrantType[];
  responseTypes: string[];
  pkceRequired: boolean;
  jwks: JSONWebKeySet | null;
  settings: AppSettings;
  createdAt: number;
  updatedAt: number;
}

export const DEFAULT_APP_SETTINGS: AppSettings = { refreshTokenRotation: 'ROTATE', refreshTokenLeewaySeconds: 30 };

const toApp = (r: Selectable<AppsTable>): App => ({
  clientId: r.id,
  name: r.name,
  label: r.label,
  type: r.type as AppType,
  status: r.status as App['status'],
  clientSecretHash: r.client_secret_hash,
  tokenEndpointAuthMethod: r.token_endpoint_auth_method as ClientAuthMethod,
  redirectUris: fromJson(r.redirect_uris, []),
  postLogoutRedirectUris: fromJson(r.post_logout_redirect_uris, []),
  grantTypes: fromJson(r.grant_types, []),
  responseTypes: fromJson(r.response_types, []),
  pkceRequired: fromFlag(r.pkce_required),
  jwks: fromJson(r.jwks, null),
  settings: { ...DEFAULT_APP_SETTINGS, ...fromJson<Partial<AppSettings>>(r.settings, {}) },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRow = (a: App) => ({
  id: a.clientId,
  name: a.name,
  label: a.label,
  type: a.type,
  status: a.status,
  client_secret_hash: a.clientSecretHash,
  token_endpoint_auth_method: a.tokenEndpointAuthMethod,
  redirect_uris: toJson(a.redirectUris),
  post_logout_redirect_uris: toJson(a.postLogoutRedirectUris),
  grant_types: toJson(a.grantTypes),
  response_types: toJson(a.responseTypes),
  pkce_required: toFlag(a.pkceRequired),
  jwks: a.jwks ? toJson(a.jwks) : null,
  settings: toJson(a.settings),
  created_at: a.createdAt,
  updated_at: a.updatedAt,
});

export class AppsRepository {
  constructor(private readonly db: Db) {}

  async findByClientId(clientId: string): Promise<App | undefined> {
    const row = await this.db.selectFrom('apps').selectAll().where('id', '=', clientId).executeTakeFirst();
    return row && toApp(row);
  }

  async list(): Promise<App[]> {
    return (await this.db.selectFrom('apps').selectAll().orderBy('label').execute()).map(toApp);
  }

  async upsert(app: App): Promise<void> {
    const { id, created_at, ...changes } = toRow(app);
    await this.db.insertInto('apps').values({ id, created_at, ...changes })
      .onConflict((oc) => oc.column('id').doUpdateSet(changes)).execute();
  }
}
