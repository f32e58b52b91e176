import type { LanguageOption, Strings } from './i18n/translator.js';

/** The options of Okta's widget that Latchkey's reads (others, like the dropped ones, are accepted and ignored). */
export interface WidgetOptions {
  baseUrl?: string;
  issuer?: string;
  clientId?: string;
  redirectUri?: string;
  scopes?: string[];
  state?: string;
  nonce?: string;
  /** The app made the PKCE pair (and maybe the interaction) itself: the widget hands back the interaction code. */
  codeChallenge?: string;
  codeChallengeMethod?: string;
  interactionHandle?: string;
  /** Resume a transaction (the hosted sign-in page passes the IDX stateHandle here). */
  stateToken?: string;
  /** The token of an emailed password reset link: the widget begins at the new password (sent to /v1/interact as recovery_token). */
  recoveryToken?: string;
  authParams?: { issuer?: string; scopes?: string[]; state?: string; nonce?: string };
  /** An okta-auth-js instance: its issuer, client id, redirect URI and scopes are used. */
  authClient?: { options?: { issuer?: string; clientId?: string; redirectUri?: string; scopes?: string[] } };
  /** Okta's widget needs this for Identity Engine; Latchkey's speaks it unless `useClassicEngine` is true. */
  useInteractionCodeFlow?: boolean;
  /** Sign in through the Classic Engine's Authentication API (/api/v1/authn): success data with a sessionToken, no OAuth. */
  useClassicEngine?: boolean;
  /** Classic mode: sent with primary authentication and recovery (Okta's relayState). */
  relayState?: string;
  el?: string | Element;
  logo?: string;
  logoText?: string;
  brandName?: string;
  colors?: { brand?: string };
  language?: LanguageOption;
  i18n?: Record<string, Strings>;
  features?: { hideSignOutLinkInMFA?: boolean; selfServiceUnlock?: boolean; smsRecovery?: boolean; callRecovery?: boolean; [feature: string]: unknown };
  [option: string]: unknown;
}

/** The options as the widget uses them: every default applied, the issuer's forms reconciled. */
export interface Settings {
  baseUrl: string;
  issuer: string;
  clientId?: string;
  redirectUri?: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod: string;
  interactionHandle?: string;
  stateToken?: string;
  recoveryToken?: string;
  el?: string | Element;
  logo?: string;
  logoText?: string;
  brandName?: string;
  brandColor?: string;
  language?: LanguageOption;
  i18n: Record<string, Strings>;
  hideSignOutLinkInMFA: boolean;
  useClassicEngine: boolean;
  relayState?: string;
  /** What the Classic mode offers beside primary authentication: "Unlock account?", recovery by SMS or call (email is always offered). */
  classicFeatures: { selfServiceUnlock: boolean; smsRecovery: boolean; callRecovery: boolean };
}

/** A configuration the widget cannot start with, named as Okta's widget names it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CONFIG_ERROR';
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function resolveOptions(o: WidgetOptions): Settings {
  const fromClient = o.authClient?.options ?? {};
  const issuerOption = o.issuer ?? o.authParams?.issuer ?? fromClient.issuer;
  // The IDX API is always at the org URL; the issuer may name one of its authorization servers.
  const baseUrl = o.baseUrl ?? (issuerOption ? new URL(issuerOption).origin : undefined);
  if (!baseUrl) throw new ConfigError('"baseUrl" is a required widget parameter');
  const clientId = o.clientId ?? fromClient.clientId;
  const redirectUri = o.redirectUri ?? fromClient.redirectUri;
  // Classic mode signs in without OAuth: no app to name.
  const useClassicEngine = o.useClassicEngine === true;
  if (!useClassicEngine && !o.stateToken && (!clientId || !redirectUri)) throw new ConfigError('"clientId" and "redirectUri" are required unless "stateToken" is given');
  const brandColor = o.colors?.brand;
  if (brandColor !== undefined && !/^#[0-9a-f]{6}$/i.test(brandColor)) throw new ConfigError('"colors.brand" must be in six-digit hex format');
  return {
    baseUrl: trimSlash(baseUrl),
    issuer: trimSlash(issuerOption ?? `${baseUrl}/oauth2/default`),
    clientId,
    redirectUri,
    scopes: o.scopes ?? o.authParams?.scopes ?? fromClient.scopes ?? ['openid', 'email'],
    state: o.state ?? o.authParams?.state,
    nonce: o.nonce ?? o.authParams?.nonce,
    codeChallenge: o.codeChallenge,
    codeChallengeMethod: o.codeChallengeMethod ?? 'S256',
    interactionHandle: o.interactionHandle,
    stateToken: o.stateToken,
    recoveryToken: o.recoveryToken,
    el: o.el,
    logo: o.logo,
    logoText: o.logoText,
    brandName: o.brandName,
    brandColor,
    language: o.language,
    i18n: o.i18n ?? {},
    hideSignOutLinkInMFA: o.features?.hideSignOutLinkInMFA === true,
    useClassicEngine,
    relayState: o.relayState,
    classicFeatures: {
      selfServiceUnlock: o.features?.selfServiceUnlock === true,
      smsRecovery: o.features?.smsRecovery === true,
      callRecovery: o.features?.callRecovery === true,
    },
  };
}
