import type { Redis } from 'ioredis'
import type { CounterStore, WindowCount } from './counter-store.js'

/**
 * One hit in one step on the server: the count goes up and, for the first
 * hit of a window, the expiry is set. Doing both in one script means two
 * instances can never both see a fresh window, and a key never lives on
 * without an expiry.
 */
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }
`

const PEEK = `
local count = redis.call('GET', KEYS[1])
if not count then return false end
return { tonumber(count), redis.call('PTTL', KEYS[1]) }
`

const PREFIX = 'telekost:counter:'

/** Counters shared by every instance that uses the same Redis. */
export function redisCounterStore(
  redis: Redis,
  now: () => number = Date.now,
): CounterStore {
  return {
    async hit(key, windowMs) {
      const reply = await redis.eval(HIT, 1, PREFIX + key, String(windowMs))

      return windowCount(reply, now())!
    },
    async peek(key) {
      const reply = await redis.eval(PEEK, 1, PREFIX + key)

      return windowCount(reply, now())
    },
    async reset(key) {
      await redis.del(PREFIX + key)
    },
  }
}

function windowCount(reply: unknown, at: number): WindowCount | null {
  if (!Array.isArray(reply)) return null

  const [count, ttl] = reply.map(Number) as [number, number]
  if (ttl < 0) return null

  return { count, resetAt: at + ttl }
}
