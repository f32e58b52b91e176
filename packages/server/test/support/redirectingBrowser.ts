import { CookieJar } from './oktaAuth.js';

/** A browser as the redirect flow's tests play it: its cookies, and GET without following redirects. */
export class RedirectingBrowser {
  readonly cookies = new CookieJar();

  async get(url: string): Promise<Response> {
    const r = await fetch(url, { redirect: 'manual', headers: { cookie: this.cookies.header() } });
    this.cookies.remember(r.headers.getSetCookie());
    return r;
  }
}
