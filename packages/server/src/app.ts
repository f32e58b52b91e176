import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { prepareDataDir, type Config } from './config/config.js';
import { createLogger, type Logger } from './platform/logger.js';
import { LoggedSecurityEvents, type SecurityEventSink } from './platform/securityEvents.js';
import { systemClock, type Clock } from './platform/clock.js';
import { MAX_WINDOW_MS, RateLimiter } from './platform/rateLimiter.js';
import { newId } from './platform/ids.js';
import { ServerSecrets } from './platform/serverSecrets.js';
import { Store } from './store/store.js';
import { KeyService } from './org/keys.js';
import { ConfigCache } from './org/configCache.js';
import { seedDevOrg, type SeededOrg } from './org/seed.js';
import { parseOrgFile } from './org/orgFile/parse.js';
import { importOrg, type ImportSummary } from './org/orgFile/import.js';
import { createHttpServer } from './http/server.js';
import { devRoutes } from './http/devRoutes.js';
import { createEmailSender } from './platform/delivery/createEmailSender.js';
import type { EmailSender } from './platform/delivery/email.js';
import { createSmsSender } from './platform/delivery/createSmsSender.js';
import type { SmsSender } from './platform/delivery/sms.js';
import { oauthRoutes } from './oauth/routes.js';
import { ORG_SERVER_ID } from './org/orgAuthServer.js';
import { TokenIssuer } from './oauth/tokens/issuer.js';
import { KeyEncryption } from './platform/keyEncryption.js';
import type { OAuthDeps } from './oauth/deps.js';
import { SignInEngine } from './engine/engine.js';
import { authnRoutes } from './classic/authnRoutes.js';
import { sessionRoutes } from './classic/sessionRoutes.js';
import { authnRecoveryRoutes } from './classic/authnRecoveryRoutes.js';
import { idxRoutes } from './idx/routes.js';
import { classicOrgGate } from './idx/classicOrgGate.js';
import { countSignIns, rollUpSignIns } from './upgrade/signInCounter.js';
import { managementRoutes } from './management/managementRoutes.js';
import { routeRoutes } from './upgrade/routeRoutes.js';
import { DecoyIds } from './engine/decoyIds.js';
import { SignInMemory } from './engine/signInSignals.js';
import { widgetAssets } from './hosted/widgetAssets.js';
import { landingRoutes } from './hosted/landingRoutes.js';
import { orgSignInPage } from './hosted/orgSignInPage.js';
import { resetLinkRoutes } from './hosted/resetLinkRoutes.js';
import { unlockLinkRoutes } from './hosted/unlockLinkRoutes.js';
import { activationLinkRoutes } from './hosted/activationLinkRoutes.js';
import { myAccountRoutes } from './myaccount/myAccountRoutes.js';
import { SecurityMethods } from './account/securityMethods.js';
import { dashboardApp } from './org/dashboardApp.js';
import { deviceRoutes } from './device/deviceRoutes.js';
import { VerifyDevices } from './authenticators/verify/deviceApi.js';

export interface Latchkey {
  config: Config;
  store: Store;
  keys: KeyService;
  clock: Clock;
  http: FastifyInstance;
  logger: Logger;
  email: EmailSender;
  sms: SmsSender;
  events: SecurityEventSink;
  /** Set once `listen` seeded a fresh development org (its secrets are shown once). */
  seeded?: SeededOrg;
  /** What the `--org-file` import changed, when there was one. */
  imported?: ImportSummary;
  /** Listens on the configured host and port, then seeds an empty store when asked to; answers the bound URL. */
  listen(): Promise<string>;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  close(): Promise<void>;
}

export interface LatchkeyOptions {
  clock?: Clock;
  logger?: Logger;
}

/** Expired codes, assertion ids, revocations, transactions and rate windows are deleted this often (by every process; idempotent). */
const PURGE_INTERVAL_MS = 10 * 60_000;


/**
 * Builds a Latchkey process: opens and migrates the store, seeds or imports the org, makes sure every
 * authorization server has a signing key, and mounts the protocol surfaces. Nothing listens yet.
 */
export async function createLatchkey(config: Config, options: LatchkeyOptions = {}): Promise<Latchkey> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const events = new LoggedSecurityEvents(logger, clock);
  prepareDataDir(config);
  const store = Store.open(config.databaseUrl);
  try {
    await store.migrate();
    const secrets = await ServerSecrets.open(store, config);
    let imported: ImportSummary | undefined;
    if (config.orgFile) {
      const document = parseOrgFile(await readFile(config.orgFile, 'utf8'), config.orgFile);
      imported = await importOrg(store, document, clock.now(), events, secrets.encryption);
    }
    const keys = new KeyService(store, clock, { encryption: secrets.encryption, events, prepublishMs: config.keyPrepublishSeconds * 1000 });
    await keys.sealStoredKeys();
    const ensureKeys = async () => {
      for (const serverId of [ORG_SERVER_ID, ...(await store.authServers.ids())]) await keys.ensure(serverId);
    };
    await ensureKeys();

    // The org id is the `idp` of users stored here; the handle key signs IDX state handles, the code key HMACs one-time codes. All are made once per store.
    const orgId = await store.settings.getOrCreate('org.id', () => newId('org'));
    const handleKey = await secrets.get('idx.handleKey');
    const codeKey = await secrets.get('authenticators.codeKey');
    const tokens = new TokenIssuer(store, keys, clock, orgId);
    const configCache = new ConfigCache(store, clock, [dashboardApp(config.baseUrl)]);
    const email = createEmailSender(config, store, logger, clock);
    const sms = createSmsSender(config, store, logger, clock);
    const signIn = new SignInEngine({ store, email, sms, clock, config: configCache, baseUrl: config.baseUrl, handleKey, codeKey, sealing: secrets.encryption, events });
    const deps: OAuthDeps = { store, config: configCache, clock, keys, tokens, signIn, baseUrl: config.baseUrl, events, successorSeal: new KeyEncryption(await secrets.get('tokens.successorKey')),
      signInPage: orgSignInPage({ store, config: configCache, baseUrl: config.baseUrl }) };
    const http = await createHttpServer({ logger, bodyLimit: config.bodyLimit, secure: config.baseUrl.startsWith('https:'), trustProxy: config.trustProxy, trustedProxies: config.trustedProxies, networkZones: () => configCache.networkZones(), store });
    classicOrgGate(http, configCache);
    countSignIns(http, store, logger);
    await http.register(async (scope) => oauthRoutes(scope, deps));
    const limiter = new RateLimiter(store, clock);
    const memory = new SignInMemory(store, clock);
    await http.register(async (scope) => idxRoutes(scope, signIn, config.baseUrl, limiter, memory));
    await http.register(async (scope) => authnRoutes(scope, { engine: signIn, store, baseUrl: config.baseUrl, limiter, memory }));
    await http.register(async (scope) => authnRecoveryRoutes(scope, { engine: signIn, store, config: configCache, baseUrl: config.baseUrl, limiter, memory }));
    await http.register(async (scope) => sessionRoutes(scope, { engine: signIn, store, baseUrl: config.baseUrl }));
    await http.register(async (scope) => routeRoutes(scope, { store, config: configCache, decoys: new DecoyIds(handleKey) }));
    const rateLimits = { perToken: config.managementRateLimits, windowMs: config.managementRateLimitWindowSeconds * 1000 };
    await http.register(async (scope) => managementRoutes(scope, { store, clock, engine: signIn, events, baseUrl: config.baseUrl, limiter, rateLimits, config: configCache, email, sealing: secrets.encryption }));
    const devices = new VerifyDevices({ store, clock, sealing: secrets.encryption, baseUrl: config.baseUrl });
    await http.register(async (scope) => deviceRoutes(scope, devices, limiter));
    if (config.devMode) await http.register(async (scope) => devRoutes(scope, store));
    await http.register(widgetAssets);
    const securityMethods = new SecurityMethods({ store, config: configCache, clock, events });
    await http.register(async (scope) => landingRoutes(scope, { store, baseUrl: config.baseUrl, signIn, securityMethods }));
    const linkDeps = { store, config: configCache, baseUrl: config.baseUrl };
    await http.register(async (scope) => resetLinkRoutes(scope, linkDeps));
    await http.register(async (scope) => unlockLinkRoutes(scope, linkDeps));
    await http.register(async (scope) => activationLinkRoutes(scope, { ...linkDeps, engine: signIn }));
    await http.register(async (scope) => myAccountRoutes(scope, { store, baseUrl: config.baseUrl, signIn, securityMethods }));
    await http.ready();

    let purge: NodeJS.Timeout | undefined;
    const latchkey: Latchkey = {
      config, store, keys, clock, http, logger, imported, email, sms, events,
      listen: async () => {
        await http.listen({ port: config.port, host: config.host });
        // Seeded only once the port is ours: a start that cannot listen must not use up the one showing of the admin password.
        if (!config.orgFile && config.seed && (await store.users.count()) === 0 && (await store.apps.list()).length === 0) {
          latchkey.seeded = await seedDevOrg(store, clock.now());
          await ensureKeys();
        }
        purge = setInterval(() => {
          store.tokens.purgeExpired(clock.now()).catch((error) => logger.warn({ err: error }, 'purging expired rows failed'));
          store.idxTransactions.purgeExpired(clock.now()).catch((error) => logger.warn({ err: error }, 'purging expired transactions failed'));
          store.sessions.purgeExpired(clock.now()).catch((error) => logger.warn({ err: error }, 'purging expired sessions failed'));
          store.verifyPush.purgeExpired(clock.now()).catch((error) => logger.warn({ err: error }, 'purging push challenges failed'));
          store.identifierLockouts.purgeIdle(clock.now()).catch((error) => logger.warn({ err: error }, 'purging identifier lockouts failed'));
          store.rateLimits.purgeBefore(clock.now() - MAX_WINDOW_MS).catch((error) => logger.warn({ err: error }, 'purging rate-limit windows failed'));
          rollUpSignIns(store).catch((error) => logger.warn({ err: error }, 'rolling up sign-in counts failed'));
        }, PURGE_INTERVAL_MS).unref();
        const address = http.server.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        return `http://${config.host}:${port}`;
      },
      close: async () => {
        clearInterval(purge);
        await http.close();
        await email.close?.(); // messages still being sent go out before the process ends
        await sms.close?.();
        await store.close();
      },
    };
    return latchkey;
  } catch (error) {
    await store.close();
    throw error;
  }
}
