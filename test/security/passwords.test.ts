import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  hashPassword,
  passwordProblem,
  verifyPassword,
} from '../../src/security/passwords.js'
import { originAllowed } from '../../src/security/csrf.js'

describe('passwords', () => {
  it('hashes with argon2id at t ≥ 2 and m ≥ 19 MiB', async () => {
    const hash = await hashPassword('en lang setning om fjell')
    const [, type, , params] = hash.split('$')
    const m = Number(/m=(\d+)/.exec(params!)?.[1])
    const t = Number(/t=(\d+)/.exec(params!)?.[1])

    assert.equal(type, 'argon2id')
    assert.ok(m >= 19 * 1024 && t >= 2, params)
  })

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('en lang setning om fjell')

    assert.equal(await verifyPassword(hash, 'en lang setning om fjell'), true)
    assert.equal(await verifyPassword(hash, 'en lang setning om fjord'), false)
  })

  it('refuses eleven characters and accepts twelve', () => {
    assert.equal(passwordProblem('abcdefghijk')?.code, 'password-too-short')
    assert.equal(passwordProblem('fjell og fjo'), null)
  })

  it('accepts 128 characters and refuses 129', () => {
    assert.equal(passwordProblem('x'.repeat(127) + 'y'), null)
    assert.equal(
      passwordProblem('x'.repeat(128) + 'y')?.code,
      'password-too-long',
    )
  })

  it('refuses a password from the common list whatever its case', () => {
    assert.equal(passwordProblem('Password1234')?.code, 'password-common')
  })

  it('asks for no particular mix of characters', () => {
    assert.equal(passwordProblem('bare små bokstaver her'), null)
  })
})

describe('origin check', () => {
  const own = 'https://telekost.example.no'

  it('accepts our own origin', () => {
    assert.equal(
      originAllowed({ origin: own, secFetchSite: 'same-origin' }, own),
      true,
    )
  })

  it('refuses another origin', () => {
    assert.equal(
      originAllowed(
        { origin: 'https://evil.example', secFetchSite: undefined },
        own,
      ),
      false,
    )
  })

  it('refuses a request that names neither origin nor fetch site', () => {
    assert.equal(
      originAllowed({ origin: undefined, secFetchSite: undefined }, own),
      false,
    )
  })
})
