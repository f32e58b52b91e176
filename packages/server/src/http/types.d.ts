import 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which protocol surface a route belongs to: decides the error format (http/errorHandler.ts). */
    surface?: 'oauth' | 'idx' | 'api';
    /** A page a browser navigates to (/authorize): a refusal for too many requests is shown as a page, not JSON. */
    page?: boolean;
  }
}
