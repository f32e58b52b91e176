export interface RunningExample {
  /** The app's home page. */
  url: string;
  close(): Promise<void>;
}

/** Serves the sample SPA on `host:port` (default host `localhost`), signing in with `clientId` at `issuer`. */
export function startSpa(options: { issuer: string; clientId: string; port: number; host?: string }): Promise<RunningExample>;
