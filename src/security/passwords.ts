import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import argon2 from 'argon2'
import type { Problem } from '../domain/invoice.js'
import { repoRoot } from './repo-root.js'

/** argon2id above the OWASP floor (t ≥ 2, m ≥ 19 MiB). */
const HASH_OPTIONS = {
  type: argon2.argon2id,
  timeCost: 2,
  memoryCost: 19 * 1024,
  parallelism: 1,
} as const

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 128

let commonPasswords: Set<string> | null = null

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS)
}

export async function verifyPassword(
  hash: string,
  password: string,
): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | null = null

/**
 * A hash of nothing anyone knows, verified against when the user does not
 * exist, so an unknown name costs the same time as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`)

  return dummyHash
}

/**
 * The password rules: length and the common-password list, no
 * composition rules. Length counts characters, not bytes.
 */
export function passwordProblem(password: string): Problem | null {
  const length = [...password].length
  if (length < MIN_PASSWORD_LENGTH) {
    return {
      code: 'password-too-short',
      message: `Passordet må ha minst ${MIN_PASSWORD_LENGTH} tegn.`,
    }
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return {
      code: 'password-too-long',
      message: `Passordet kan ha høyst ${MAX_PASSWORD_LENGTH} tegn.`,
    }
  }
  if (isCommonPassword(password)) {
    return {
      code: 'password-common',
      message:
        'Passordet er for vanlig og lett å gjette. Velg en lengre setning ' +
        'eller en kombinasjon av ord.',
    }
  }

  return null
}

export function isCommonPassword(password: string): boolean {
  commonPasswords ??= loadCommonPasswords()

  return commonPasswords.has(password.toLowerCase())
}

function loadCommonPasswords(): Set<string> {
  const file = join(repoRoot, 'src', 'security', 'common-passwords.txt')
  const lines = readFileSync(file, 'utf8').split('\n')

  return new Set(
    lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#')),
  )
}
