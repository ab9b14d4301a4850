import type { Config } from '../../config.js'
import type { CounterStore } from './counter-store.js'

/** So many requests a client may make in a window. */
export interface RateRule {
  name: string
  limit: number
  windowMs: number
}

/** The kinds of request that are limited; everything else is not. */
export type RateBucket = 'sign-in' | 'uploads' | 'api-writes'

export type RateCheck =
  | { ok: true }
  | {
      ok: false
      rule: RateRule
      retryAfterSeconds: number
      /** The first refusal in its window: the one worth recording. */
      first: boolean
    }

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

type RateConfig = Pick<
  Config,
  'rateUploadsPerDay' | 'rateUploadsPerHour' | 'rateSignInPerMinute'
>

/** Uploads and API writes share the numbers but count apart. */
export function rateRules(config: RateConfig): Record<RateBucket, RateRule[]> {
  const perClient = (prefix: string) => [
    {
      name: `${prefix}-hour`,
      limit: config.rateUploadsPerHour,
      windowMs: HOUR,
    },
    { name: `${prefix}-day`, limit: config.rateUploadsPerDay, windowMs: DAY },
  ]

  return {
    'sign-in': [
      {
        name: 'sign-in-minute',
        limit: config.rateSignInPerMinute,
        windowMs: MINUTE,
      },
    ],
    uploads: perClient('uploads'),
    'api-writes': perClient('api-writes'),
  }
}

const UPLOAD_ROUTES = new Set([
  'POST /invoices/upload',
  'POST /api/v1/invoices',
  'POST /register/import',
])
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Which limit a route falls under; null for pages, assets and health. */
export function rateBucket(method: string, url: string): RateBucket | null {
  if (method === 'POST' && url === '/sign-in') return 'sign-in'
  if (UPLOAD_ROUTES.has(`${method} ${url}`)) return 'uploads'
  if (WRITES.has(method) && url.startsWith('/api/')) return 'api-writes'

  return null
}

/**
 * Counts one request of a client against every rule of its bucket and
 * says whether it is over any of them, and if so for how long.
 */
export async function checkRate(
  store: CounterStore,
  rules: RateRule[],
  client: string,
  now: number = Date.now(),
): Promise<RateCheck> {
  const counts = await Promise.all(
    rules.map((rule) =>
      store.hit(`rate:${rule.name}:${client}`, rule.windowMs),
    ),
  )
  let worst: RateCheck = { ok: true }
  counts.forEach((count, i) => {
    if (count.count <= rules[i]!.limit) return
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((count.resetAt - now) / 1000),
    )
    const first = count.count === rules[i]!.limit + 1
    if (worst.ok || retryAfterSeconds > worst.retryAfterSeconds) {
      worst = { ok: false, rule: rules[i]!, retryAfterSeconds, first }
    }
  })

  return worst
}
