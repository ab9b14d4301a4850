import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Redis } from 'ioredis'
import {
  connectRedis,
  redisSessionStore,
} from '../../src/security/redis-session-store.js'
import {
  databaseSessionStore,
  endSession,
  endSessionByHandle,
  resumeSession,
  sessionHandle,
  startSession,
  StoreUnavailableError,
} from '../../src/security/sessions.js'
import type { SessionStore } from '../../src/security/sessions.js'
import { createUser } from '../../src/security/accounts.js'
import { freshContext } from '../helpers/context.js'

const REDIS_URL = process.env['TELEKOST_TEST_REDIS_URL']
const LIMITS = { idleMinutes: 15, absoluteHours: 8 }
const PASSWORD = 'riktig hest batteri stift'

/**
 * A store whose `find` pauses until released: the slow request that has
 * loaded its session and touches it only after the sign-out.
 */
function slowFind(store: SessionStore) {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let loaded!: () => void
  const found = new Promise<void>((resolve) => (loaded = resolve))
  const slow: SessionStore = {
    ...store,
    async find(idHash) {
      const session = await store.find(idHash)
      loaded()
      await gate
      return session
    },
  }
  return { slow, found, release }
}

function storeContract(name: string, make: () => Promise<SessionStore>) {
  describe(`${name} session store`, () => {
    let store: SessionStore
    let userId: string
    before(async () => {
      store = await make()
      userId = await newUserId()
    })

    it('does not revive a session a slow request touches after sign-out', async () => {
      const { id } = await startSession(store, LIMITS, {
        userId,
        ip: null,
        userAgent: null,
      })
      const { slow, found, release } = slowFind(store)
      // Two minutes later, so the slow request wants to touch the session.
      const later = new Date(Date.now() + 120_000)
      const request = resumeSession(slow, LIMITS, id, later)
      await found
      await endSession(store, id)
      release()
      await request

      assert.equal(await resumeSession(store, LIMITS, id, later), null)
    })

    it('ends every session of a user at once', async () => {
      const start = { userId, ip: null, userAgent: null }
      const a = await startSession(store, LIMITS, start)
      const b = await startSession(store, LIMITS, start)
      await store.deleteForUser(userId)

      assert.equal(await resumeSession(store, LIMITS, a.id), null)
      assert.equal(await resumeSession(store, LIMITS, b.id), null)
      assert.deepEqual(await store.listForUser(userId), [])
    })

    it('lists a user’s sessions and ends one by its handle', async () => {
      const start = { userId, ip: '127.0.0.1', userAgent: 'test' }
      const a = await startSession(store, LIMITS, start)
      const b = await startSession(store, LIMITS, start)
      const listed = await store.listForUser(userId)
      const ended = await endSessionByHandle(
        store,
        userId,
        sessionHandle(a.session),
      )

      assert.equal(listed.length, 2)
      assert.equal(ended, true)
      assert.equal(await resumeSession(store, LIMITS, a.id), null)
      assert.notEqual(await resumeSession(store, LIMITS, b.id), null)
      await store.deleteForUser(userId)
    })
  })
}

const contextClose: Array<() => Promise<void>> = []
let newUserId: () => Promise<string>

before(async () => {
  const context = await freshContext()
  contextClose.push(() => context.close())
  let n = 0
  newUserId = async () =>
    (
      await createUser(
        context.db,
        { username: `u${++n}`, displayName: 'U', role: 'accountant' },
        PASSWORD,
      )
    ).id
  databaseStore = databaseSessionStore(context.db)
})
after(async () => {
  for (const close of contextClose) await close()
  redis?.disconnect()
})

let databaseStore: SessionStore
let redis: Redis | null = null

storeContract('database', async () => databaseStore)

describe(
  'Redis',
  { skip: REDIS_URL ? false : 'TELEKOST_TEST_REDIS_URL is unset' },
  () => {
    storeContract('Redis', async () => {
      redis = await connectRedis(REDIS_URL!)
      return redisSessionStore(redis, LIMITS.idleMinutes * 60_000)
    })

    it('gives a session key a TTL of the idle lifetime', async () => {
      const store = redisSessionStore(redis!, 60_000)
      const { session } = await startSession(store, LIMITS, {
        userId: 'ttl-user',
        ip: null,
        userAgent: null,
      })
      const ttl = await redis!.pttl(`telekost:session:${session.idHash}`)

      assert.ok(ttl > 55_000 && ttl <= 60_000, `ttl ${ttl}`)
    })

    it('never keeps a key past the absolute expiry', async () => {
      const store = redisSessionStore(redis!, 15 * 60_000)
      const { session } = await startSession(
        store,
        { idleMinutes: 15, absoluteHours: 10 / 3600 },
        { userId: 'abs-user', ip: null, userAgent: null },
      )
      const ttl = await redis!.pttl(`telekost:session:${session.idHash}`)

      assert.ok(ttl > 0 && ttl <= 10_000, `ttl ${ttl}`)
    })

    it('fails with StoreUnavailableError when Redis cannot be reached', async () => {
      const url = new URL(REDIS_URL!)
      url.port = '1'
      const dead = await connectRedis(url.toString())
      const store = redisSessionStore(dead, 60_000)
      try {
        await assert.rejects(store.find('x'), StoreUnavailableError)
      } finally {
        dead.disconnect()
      }
    })
  },
)
