import type { StoredSession } from '../security/sessions.js'
import type { Role } from '../security/roles.js'
import type { User } from '../store/users.js'
import type { Lang } from './i18n.js'

/** Who is asking: the user, the session row and what they may see. */
export interface Auth {
  user: User & { role: Role }
  session: StoredSession
  sessionId: string
  /** A manager's own cost centres; empty for other roles. */
  costCentres: string[]
  /**
   * Set when the request came with an API token instead of a cookie: the
   * token's scopes bound what it may call; no CSRF check applies.
   */
  token?: { id: string; scopes: string[] } | null
}

/** Which roles may call a route, or `public` for everyone. */
export type Access = 'public' | 'signed-in' | readonly Role[]

/** The bodies a state-changing route accepts. */
export type BodyKind = 'form' | 'multipart' | 'json' | 'none'

export interface RouteEntry {
  method: string
  url: string
  access: Access
  body: BodyKind
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null
    lang: Lang
  }
  interface FastifyContextConfig {
    access?: Access
    body?: BodyKind
  }
  interface FastifyInstance {
    /** Every route as registered, for the route-table tests. */
    routeTable: RouteEntry[]
  }
}
