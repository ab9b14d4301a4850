import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { AppContext } from '../../services/context.js'

type Reach = 'ok' | 'down' | 'not-configured'

export const ReadyReply = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not-ready')]),
  database: Type.String(),
  redis: Type.String(),
  message: Type.Optional(Type.String()),
})

const TIMEOUT_MS = 2_000

/**
 * `/api/ready`: 200 while this instance can reach its database and Redis,
 * 503 naming which one it cannot, so the proxy sends no users to it.
 * `/api/health` (alive) stays in the API routes.
 */
export function healthRoutes(app: FastifyInstance, context: AppContext): void {
  app.get(
    '/api/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        response: { 200: ReadyReply, 503: ReadyReply },
      },
    },
    async (_request, reply) => {
      const [database, redis] = await Promise.all([
        reachDatabase(context),
        reachRedis(context),
      ])
      const down = [
        ...(database === 'down' ? ['databasen'] : []),
        ...(redis === 'down' ? ['Redis'] : []),
      ]
      if (down.length === 0) {
        return { status: 'ready' as const, database, redis }
      }

      return reply.code(503).send({
        status: 'not-ready',
        database,
        redis,
        message: `Får ikke kontakt med ${down.join(' og ')}.`,
      })
    },
  )
}

async function reachDatabase(context: AppContext): Promise<Reach> {
  return within(sql`select 1`.execute(context.db))
}

async function reachRedis(context: AppContext): Promise<Reach> {
  if (!context.redis) return 'not-configured'

  return within(context.redis.ping())
}

async function within(call: Promise<unknown>): Promise<Reach> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS)
  })
  try {
    await Promise.race([call, timeout])
    return 'ok'
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}
