import 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which protocol surface a route belongs to: decides the error format (http/errorHandler.ts). */
    surface?: 'oauth' | 'idx' | 'api';
  }
}
