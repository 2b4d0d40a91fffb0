// The scope of an authenticated request: set by the authentication hook (src/app.ts), read by
// every route. Lives below the capabilities so that no route imports the app that registers it.
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors.ts';
import type { Scope } from '../scope.ts';

declare module 'fastify' {
  interface FastifyRequest {
    scope: Scope | null;
  }
}

/** The scope of an authenticated request (routes that are not public always have one). */
export function scopeOf(req: FastifyRequest): Scope {
  if (!req.scope) throw new DomainError('unauthorized', 'Missing or invalid credentials');
  return req.scope;
}
