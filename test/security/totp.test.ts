import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  acceptedTotpStep,
  newTotpSecret,
  openTotpSecret,
  sealTotpSecret,
  totpCode,
  totpStep,
  totpUri,
} from '../../src/security/totp.js'

const NOW = Date.UTC(2026, 10, 15, 12, 0, 10)

describe('TOTP', () => {
  const secret = newTotpSecret()

  it('accepts the current code', () => {
    assert.equal(
      acceptedTotpStep(secret, totpCode(secret, NOW), null, NOW),
      totpStep(NOW),
    )
  })

  it('accepts a code one step early or late', () => {
    for (const offset of [-30_000, 30_000]) {
      const code = totpCode(secret, NOW + offset)
      assert.notEqual(acceptedTotpStep(secret, code, null, NOW), null)
    }
  })

  it('refuses a code two steps away', () => {
    for (const offset of [-60_000, 60_000]) {
      const code = totpCode(secret, NOW + offset)
      assert.equal(acceptedTotpStep(secret, code, null, NOW), null)
    }
  })

  it('refuses a code whose step was already used', () => {
    const code = totpCode(secret, NOW)

    assert.equal(acceptedTotpStep(secret, code, totpStep(NOW), NOW), null)
  })

  it('refuses a code that is not six digits', () => {
    assert.equal(acceptedTotpStep(secret, '12345', null, NOW), null)
    assert.equal(acceptedTotpStep(secret, 'abcdef', null, NOW), null)
  })

  it('describes SHA-1, 6 digits and 30 seconds in the otpauth URI', () => {
    const uri = new URL(totpUri(secret, 'kari'))

    assert.equal(uri.protocol, 'otpauth:')
    assert.equal(uri.searchParams.get('secret'), secret)
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1')
    assert.equal(uri.searchParams.get('digits'), '6')
    assert.equal(uri.searchParams.get('period'), '30')
  })

  it('seals the secret so it opens only for its own user', () => {
    const key = randomBytes(32)
    const sealed = sealTotpSecret(key, 'user-1', secret)

    assert.ok(!sealed.includes(secret))
    assert.equal(openTotpSecret(key, 'user-1', sealed), secret)
    assert.throws(() => openTotpSecret(key, 'user-2', sealed))
  })
})
