import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Problem } from '../domain/invoice.js'
import {
  findApiTokenByHash,
  insertApiToken,
  markApiTokenUsed,
} from '../store/api-tokens.js'
import type { ApiToken } from '../store/api-tokens.js'
import type { Db } from '../store/db.js'

/** What a token may be used for; a token acts as its owner within these. */
export const API_SCOPES = [
  'invoices:read',
  'invoices:write',
  'register:read',
] as const

export type ApiScope = (typeof API_SCOPES)[number]

export const TOKEN_PREFIX = 'tk_'
export const MAX_TOKEN_DAYS = 365

/**
 * The scope each API route needs. A route not listed here cannot be
 * called with a token at all.
 */
export const ROUTE_SCOPES: Record<string, ApiScope> = {
  'POST /api/v1/invoices': 'invoices:write',
  'GET /api/v1/invoices/:id': 'invoices:read',
  'GET /api/v1/invoices/:id/allocation': 'invoices:read',
}

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value)
}

/** 256 random bits; only the SHA-256 is kept. */
export function newApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export interface TokenRequest {
  name: string
  scopes: string[]
  days: number
}

export function tokenRequestProblem(request: TokenRequest): Problem | null {
  if (request.name.trim() === '') {
    return { code: 'token-name', message: 'Gi nøkkelen et navn.' }
  }
  if (request.scopes.length === 0 || !request.scopes.every(isApiScope)) {
    return {
      code: 'token-scopes',
      message: 'Velg minst én tillatelse for nøkkelen.',
    }
  }
  if (
    !Number.isInteger(request.days) ||
    request.days < 1 ||
    request.days > MAX_TOKEN_DAYS
  ) {
    return {
      code: 'token-days',
      message: `Nøkkelen må utløpe om 1 til ${MAX_TOKEN_DAYS} dager.`,
    }
  }

  return null
}

/** Stores a new token and returns it: the only time it is ever shown. */
export async function createApiToken(
  db: Db,
  userId: string,
  request: TokenRequest,
  now = new Date(),
): Promise<{ id: string; token: string; expiresAt: string }> {
  const token = newApiToken()
  const id = randomUUID()
  const expiresAt = new Date(now.getTime() + request.days * 86_400_000)
  await insertApiToken(db, {
    id,
    userId,
    name: request.name.trim().slice(0, 100),
    tokenHash: hashApiToken(token),
    scopes: [...new Set(request.scopes)],
    expiresAt: expiresAt.toISOString(),
  })

  return { id, token, expiresAt: expiresAt.toISOString() }
}

/** The token named by an `Authorization: Bearer tk_…` header, if valid. */
export async function resolveApiToken(
  db: Db,
  authorization: string,
  now = new Date(),
): Promise<ApiToken | null> {
  const match = /^Bearer (tk_[A-Za-z0-9_-]{43})$/.exec(authorization.trim())
  if (!match) return null

  const token = await findApiTokenByHash(db, hashApiToken(match[1]!))
  if (!token || token.revokedAt !== null) return null
  if (Date.parse(token.expiresAt) <= now.getTime()) return null
  await markApiTokenUsed(db, token.id, now.toISOString())

  return token
}

/** Whether a token's scopes cover the route it calls. */
export function tokenMayCall(
  scopes: readonly string[],
  method: string,
  url: string,
): boolean {
  const needed = ROUTE_SCOPES[`${method} ${url}`]

  return needed !== undefined && scopes.includes(needed)
}
