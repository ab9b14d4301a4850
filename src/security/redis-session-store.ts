import { Redis } from 'ioredis'
import type { CounterStore } from './limits/counter-store.js'
import { StoreUnavailableError } from './sessions.js'
import type { SessionStore, StoredSession } from './sessions.js'

const SESSION = 'telekost:session:'
const USER_SESSIONS = 'telekost:user-sessions:'

/**
 * Updates last-seen and the TTL in one step, and only while the key still
 * exists: a slow request that finishes after sign-out cannot revive it.
 * The TTL is the idle lifetime, never past the absolute expiry.
 */
const TOUCH = `
local value = redis.call('GET', KEYS[1])
if not value then return 0 end
local session = cjson.decode(value)
local ttl = math.min(tonumber(ARGV[2]), session.expiresAtMs - tonumber(ARGV[3]))
if ttl <= 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
session.lastSeenAt = ARGV[1]
redis.call('SET', KEYS[1], cjson.encode(session), 'PX', ttl)
return 1
`

/**
 * A client that fails at once while Redis is away rather than queueing
 * commands: a request then answers 503 instead of hanging.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  })
  // Errors surface on the commands that fail; the event must not crash.
  redis.on('error', () => {})
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3_000)
    redis.once('ready', () => {
      clearTimeout(timer)
      resolve()
    })
  })

  return redis
}

/**
 * Sessions in Redis: one key per session with TTL = the idle lifetime and
 * the absolute expiry inside the value, and a set per user so disabling
 * an account ends all its sessions.
 */
export function redisSessionStore(redis: Redis, idleMs: number): SessionStore {
  return {
    create: (session) => reach(() => create(redis, session, idleMs)),
    find: (idHash) => reach(() => find(redis, idHash)),
    touch: (idHash, at) =>
      reach(async () => {
        const now = String(Date.now())
        await redis.eval(TOUCH, 1, SESSION + idHash, at, String(idleMs), now)
      }),
    delete: (idHash) => reach(() => remove(redis, idHash)),
    deleteForUser: (userId) => reach(() => removeForUser(redis, userId)),
    listForUser: (userId) => reach(() => listForUser(redis, userId)),
  }
}

async function reach<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    throw new StoreUnavailableError(err)
  }
}

async function create(redis: Redis, session: StoredSession, idleMs: number) {
  const expiresAtMs = Date.parse(session.expiresAt)
  const ttl = Math.min(idleMs, expiresAtMs - Date.now())
  if (ttl <= 0) return

  const value = JSON.stringify({ ...session, expiresAtMs })
  await redis
    .multi()
    .set(SESSION + session.idHash, value, 'PX', Math.ceil(ttl))
    .sadd(USER_SESSIONS + session.userId, session.idHash)
    .exec()
}

async function find(redis: Redis, idHash: string) {
  return parse(await redis.get(SESSION + idHash))
}

async function remove(redis: Redis, idHash: string) {
  const session = parse(await redis.get(SESSION + idHash))
  const multi = redis.multi().del(SESSION + idHash)
  if (session) multi.srem(USER_SESSIONS + session.userId, idHash)
  await multi.exec()
}

async function removeForUser(redis: Redis, userId: string) {
  const hashes = await redis.smembers(USER_SESSIONS + userId)
  const multi = redis.multi()
  for (const idHash of hashes) multi.del(SESSION + idHash)
  await multi.del(USER_SESSIONS + userId).exec()
}

/** The user's live sessions; names of expired ones are dropped from the set. */
async function listForUser(redis: Redis, userId: string) {
  const hashes = await redis.smembers(USER_SESSIONS + userId)
  if (hashes.length === 0) return []

  const values = await redis.mget(hashes.map((h) => SESSION + h))
  const gone = hashes.filter((_, i) => values[i] === null)
  if (gone.length > 0) await redis.srem(USER_SESSIONS + userId, ...gone)

  return values
    .map(parse)
    .filter((s): s is StoredSession => s !== null)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

function parse(value: string | null): StoredSession | null {
  if (value === null) return null

  const { expiresAtMs: _, ...session } = JSON.parse(value) as StoredSession & {
    expiresAtMs: number
  }

  return session
}

/**
 * Counters that fail closed: when Redis is away, every caller (rate
 * limits, sign-in throttling) gets StoreUnavailableError and answers 503
 * rather than letting requests through unthrottled.
 */
export function failClosedCounters(store: CounterStore): CounterStore {
  return {
    hit: (key, windowMs) => reach(() => store.hit(key, windowMs)),
    peek: (key) => reach(() => store.peek(key)),
    reset: (key) => reach(() => store.reset(key)),
  }
}
