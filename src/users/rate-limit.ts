// A per-IP burst limit on the unauthenticated routes that check a password or send an e-mail (login,
// password-reset request and confirm), with @fastify/rate-limit. It comes before, and apart from, the
// login throttle (throttle.ts), which locks an e-mail or an IP after repeated *failures*: this one
// counts every request, so a client cannot make the server hash passwords or look up users at will.
// Registered with `global: false` in the users' context: only routes that set `config.rateLimit`
// are limited, each with counters of its own. Counters live in the process's memory (docs/console.md).
import type { FastifyInstance } from 'fastify';
import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import { DomainError } from '../platform/errors.ts';
import { clockStore } from '../platform/http/rate-limit-store.ts';

/** A route's `config.rateLimit` when the burst limit is on, else nothing (COBRE_AUTH_RATE_LIMIT=0). */
export async function registerAuthRateLimit(app: FastifyInstance): Promise<{ rateLimit?: RateLimitOptions }> {
  const { clock, config } = app.ctx;
  if (config.authRateLimit <= 0) return {};
  await app.register(rateLimit, {
    global: false,
    max: config.authRateLimit,
    timeWindow: config.authRateLimitWindowSeconds * 1000,
    // Before the body is read: a refused request costs nothing.
    hook: 'onRequest',
    store: clockStore(clock),
    errorResponseBuilder: (_req, ctx) => {
      const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new DomainError(
        'rate_limited',
        `Muitas requisições deste endereço de rede. Tente novamente em ${seconds} segundo${seconds === 1 ? '' : 's'}.`,
        [],
        { retry_after_seconds: seconds },
      );
    },
  });
  return { rateLimit: {} };
}
