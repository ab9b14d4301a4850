import type { Db } from './db.js'
import type { ApiTokenTable } from './schema.js'
import type { Selectable } from 'kysely'

export interface ApiToken {
  id: string
  userId: string
  name: string
  scopes: string[]
  createdAt: string
  expiresAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export interface NewApiToken {
  id: string
  userId: string
  name: string
  tokenHash: string
  scopes: string[]
  expiresAt: string
}

export async function insertApiToken(db: Db, token: NewApiToken) {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      scopes: token.scopes.join(' '),
      created_at: new Date().toISOString(),
      expires_at: token.expiresAt,
      last_used_at: null,
      revoked_at: null,
    })
    .execute()
}

export async function findApiTokenByHash(
  db: Db,
  tokenHash: string,
): Promise<ApiToken | null> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()

  return row ? toApiToken(row) : null
}

export async function listApiTokens(
  db: Db,
  userId: string,
): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute()

  return rows.map(toApiToken)
}

/** Revokes one of the user's own tokens; false when there is none. */
export async function revokeApiToken(
  db: Db,
  userId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()

  return Number(result.numUpdatedRows) === 1
}

export async function markApiTokenUsed(db: Db, id: string, at: string) {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .execute()
}

function toApiToken(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    scopes: row.scopes.split(' ').filter(Boolean),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }
}
