import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { memoryCounterStore } from '../../src/security/limits/counter-store.js'
import { SignInThrottle } from '../../src/security/throttle.js'

function clock(start = 1_000_000) {
  let now = start
  return {
    now: () => now,
    advance(ms: number) {
      now += ms
    },
  }
}

async function fail(throttle: SignInThrottle, n: number, user = 'kari') {
  let last = { accountLocked: false, holdMs: 0 }
  for (let i = 0; i < n; i++) last = await throttle.failed(user, '10.0.0.1')
  return last
}

describe('sign-in throttle', () => {
  it('lets four failures pass and holds the account at the fifth', async () => {
    const throttle = new SignInThrottle(memoryCounterStore())
    await fail(throttle, 4)
    const before = await throttle.check('kari', '10.0.0.2')
    const fifth = await throttle.failed('kari', '10.0.0.2')
    const after = await throttle.check('kari', '10.0.0.3')

    assert.equal(before.throttled, false)
    assert.equal(fifth.accountLocked, true)
    assert.deepEqual(after, { throttled: true, reason: 'account' })
  })

  it('releases the account when the hold has passed', async () => {
    const time = clock()
    const throttle = new SignInThrottle(memoryCounterStore(time.now))
    const { holdMs } = await fail(throttle, 5)
    time.advance(holdMs + 1)

    assert.equal((await throttle.check('kari', '10.0.0.1')).throttled, false)
  })

  it('doubles the hold with each further failure and caps it at 15 minutes', () => {
    const throttle = new SignInThrottle(memoryCounterStore())
    const holds = [5, 6, 7, 20, 1000].map((n) => throttle.holdFor(n))

    assert.deepEqual(holds.slice(0, 3), [30_000, 60_000, 120_000])
    assert.equal(holds[3], 15 * 60_000)
    assert.equal(holds[4], 15 * 60_000)
  })

  it('holds an address after 30 failures spread over many names', async () => {
    const throttle = new SignInThrottle(memoryCounterStore())
    for (let i = 0; i < 30; i++) await throttle.failed(`user${i}`, '10.9.9.9')

    assert.deepEqual(await throttle.check('someone-else', '10.9.9.9'), {
      throttled: true,
      reason: 'ip',
    })
    assert.equal(
      (await throttle.check('someone-else', '10.9.9.8')).throttled,
      false,
    )
  })

  it('clears the account count after a successful sign-in', async () => {
    const throttle = new SignInThrottle(memoryCounterStore())
    await fail(throttle, 4)
    await throttle.succeeded('kari')
    await throttle.failed('kari', '10.0.0.1')

    assert.equal((await throttle.check('kari', '10.0.0.1')).throttled, false)
  })

  it('counts a name the same whatever its case and spacing', async () => {
    const throttle = new SignInThrottle(memoryCounterStore())
    await fail(throttle, 3, 'Kari')
    await fail(throttle, 2, ' kari ')

    assert.equal((await throttle.check('KARI', '10.0.0.1')).throttled, true)
  })
})
