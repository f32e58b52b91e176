import type { RunningExample } from '../spa/server.js';

/** Serves the sample web app on `host:port` (default host `localhost`), a confidential client of `issuer`. */
export function startWebApp(options: { issuer: string; clientId: string; clientSecret: string; port: number; host?: string }): Promise<RunningExample>;
