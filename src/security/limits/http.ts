import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../../services/context.js'
import { HttpError } from '../../web/errors.js'
import type { CounterStore } from './counter-store.js'
import { checkRate, rateBucket, rateRules } from './rate-limits.js'

export class TooManyRequestsError extends HttpError {
  readonly retryAfterSeconds: number

  constructor(retryAfterSeconds: number) {
    super(
      429,
      'rate-limited',
      'Du har sendt for mange forespørsler på kort tid. Vent ' +
        `${retryAfterSeconds} sekunder og prøv igjen.`,
    )
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/**
 * Limits sign-in, uploads and API writes per client address. The address
 * is Fastify's request.ip, which honours X-Forwarded-For only from the
 * configured proxies. Runs before the body is read, so a refused upload
 * costs no bandwidth beyond its headers.
 */
export function installRateLimits(
  app: FastifyInstance,
  context: AppContext,
  store: CounterStore = context.counters,
): void {
  const rules = rateRules(context.config)
  app.addHook('onRequest', async (request, reply) => {
    const bucket = rateBucket(request.method, request.routeOptions.url ?? '')
    if (!bucket) return

    const check = await checkRate(store, rules[bucket], request.ip)
    if (check.ok) return

    // One event per client and window: a flood must not fill the disk.
    if (check.first) await recordLimited(context, request, check.rule.name)
    reply.header('retry-after', String(check.retryAfterSeconds))
    throw new TooManyRequestsError(check.retryAfterSeconds)
  })
}

async function recordLimited(
  context: AppContext,
  request: FastifyRequest,
  rule: string,
): Promise<void> {
  await context.security.record({
    type: 'rate-limited',
    severity: 5,
    ip: request.ip,
    userId: request.auth?.user.id ?? null,
    details: {
      rule,
      method: request.method,
      route: request.routeOptions.url ?? '',
    },
  })
}
