import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { memoryCounterStore } from '../../src/security/limits/counter-store.js'
import type { CounterStore } from '../../src/security/limits/counter-store.js'
import { redisCounterStore } from '../../src/security/limits/redis-counter-store.js'

const REDIS_URL = process.env['TELEKOST_TEST_REDIS_URL']

function storeContract(name: string, open: () => Promise<CounterStore>) {
  describe(`${name} counter store`, () => {
    let store: CounterStore
    before(async () => {
      store = await open()
    })

    it('counts hits on a key within its window', async () => {
      const key = randomUUID()
      await store.hit(key, 60_000)
      await store.hit(key, 60_000)
      const third = await store.hit(key, 60_000)

      assert.equal(third.count, 3)
      assert.ok(third.resetAt > Date.now() + 50_000)
      assert.ok(third.resetAt <= Date.now() + 60_000)
    })

    it('keeps the window end of the first hit', async () => {
      const key = randomUUID()
      const first = await store.hit(key, 60_000)
      await new Promise((r) => setTimeout(r, 20))
      const second = await store.hit(key, 60_000)

      assert.ok(Math.abs(second.resetAt - first.resetAt) < 15)
    })

    it('starts over when the window has passed', async () => {
      const key = randomUUID()
      await store.hit(key, 50)
      await store.hit(key, 50)
      await new Promise((r) => setTimeout(r, 80))

      assert.equal(await store.peek(key), null)
      assert.equal((await store.hit(key, 50)).count, 1)
    })

    it('peeks without counting', async () => {
      const key = randomUUID()
      await store.hit(key, 60_000)

      assert.equal((await store.peek(key))?.count, 1)
      assert.equal((await store.peek(key))?.count, 1)
    })

    it('forgets a key on reset', async () => {
      const key = randomUUID()
      await store.hit(key, 60_000)
      await store.reset(key)

      assert.equal(await store.peek(key), null)
    })

    it('counts every one of many concurrent hits once', async () => {
      const key = randomUUID()
      const hits = await Promise.all(
        Array.from({ length: 100 }, () => store.hit(key, 60_000)),
      )
      const counts = hits.map((h) => h.count).sort((a, b) => a - b)

      assert.deepEqual(
        counts,
        Array.from({ length: 100 }, (_, i) => i + 1),
      )
    })
  })
}

storeContract('memory', async () => memoryCounterStore())

describe(
  'redis counter store',
  { skip: !REDIS_URL && 'TELEKOST_TEST_REDIS_URL is not set' },
  () => {
    let redis: Redis
    before(() => {
      redis = new Redis(REDIS_URL!, { lazyConnect: true })
    })
    after(async () => {
      await redis?.quit()
    })

    storeContract('shared', async () => redisCounterStore(redis))

    it('gives every counter key an expiry', async () => {
      const store = redisCounterStore(redis)
      const key = randomUUID()
      await store.hit(key, 60_000)
      const ttl = await redis.pttl(`telekost:counter:${key}`)

      assert.ok(ttl > 0 && ttl <= 60_000)
    })
  },
)
