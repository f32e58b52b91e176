import type { FastifyRequest } from 'fastify';

export type Body = Record<string, unknown>;

/** A non-empty string, else undefined (a missing, empty or non-string field). */
export const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
/** The parsed body as fields; none is `{}`. */
export const bodyOf = (request: FastifyRequest): Body => (request.body ?? {}) as Body;
