import { createHash } from 'node:crypto'
import type { CounterStore } from './limits/counter-store.js'
import { StoreUnavailableError } from './sessions.js'

/**
 * Sign-in throttling. Failures are counted per account and per client
 * address in a window; past the limit, that account or address is held
 * back for a while. An account's hold grows with further failures but
 * never passes the cap, so an attacker cannot lock a user out for long.
 */
export interface ThrottleSettings {
  accountFailures: number
  ipFailures: number
  windowMs: number
  firstHoldMs: number
  maxHoldMs: number
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  accountFailures: 5,
  ipFailures: 30,
  windowMs: 15 * 60_000,
  firstHoldMs: 30_000,
  maxHoldMs: 15 * 60_000,
}

export interface ThrottleState {
  throttled: boolean
  reason: 'account' | 'ip' | null
}

export interface FailureOutcome {
  /** The account has just passed its limit. */
  accountLocked: boolean
  /** How long the account is now held back, in milliseconds. */
  holdMs: number
}

export class SignInThrottle {
  readonly #counters: CounterStore
  readonly #settings: ThrottleSettings

  constructor(counters: CounterStore, settings = DEFAULT_THROTTLE) {
    this.#counters = counters
    this.#settings = settings
  }

  async check(username: string, ip: string): Promise<ThrottleState> {
    return reach(async () => {
      const account = await this.#counters.peek(holdKey(username))
      if (account) return { throttled: true, reason: 'account' }
      const address = await this.#counters.peek(ipKey(ip))
      if (address && address.count >= this.#settings.ipFailures) {
        return { throttled: true, reason: 'ip' }
      }

      return { throttled: false, reason: null }
    })
  }

  async failed(username: string, ip: string): Promise<FailureOutcome> {
    const { windowMs, accountFailures } = this.#settings

    return reach(async () => {
      await this.#counters.hit(ipKey(ip), windowMs)
      const { count } = await this.#counters.hit(failKey(username), windowMs)
      if (count < accountFailures) return { accountLocked: false, holdMs: 0 }

      const holdMs = this.holdFor(count)
      await this.#counters.reset(holdKey(username))
      await this.#counters.hit(holdKey(username), holdMs)

      return { accountLocked: count === accountFailures, holdMs }
    })
  }

  /** A success clears the account's count; the address keeps its own. */
  async succeeded(username: string): Promise<void> {
    await reach(() => this.#counters.reset(failKey(username)))
  }

  /** 30 s at the limit, doubling with each failure after, up to the cap. */
  holdFor(failures: number): number {
    const { accountFailures, firstHoldMs, maxHoldMs } = this.#settings
    const doublings = Math.min(failures - accountFailures, 20)

    return Math.min(firstHoldMs * 2 ** doublings, maxHoldMs)
  }
}

async function reach<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    throw new StoreUnavailableError(err)
  }
}

/** Names are hashed: counter keys carry no user name or address. */
function failKey(username: string): string {
  return `sign-in:fail:${digest(normalise(username))}`
}

function holdKey(username: string): string {
  return `sign-in:hold:${digest(normalise(username))}`
}

function ipKey(ip: string): string {
  return `sign-in:ip:${digest(ip)}`
}

function normalise(username: string): string {
  return username.trim().toLowerCase()
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32)
}
