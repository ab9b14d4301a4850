import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { LightMyRequestResponse } from 'fastify'
import { testConfig } from '../../src/config.js'
import type { Config } from '../../src/config.js'
import { createUser } from '../../src/security/accounts.js'
import type { Role } from '../../src/security/roles.js'
import { hashSessionId, SESSION_COOKIE } from '../../src/security/sessions.js'
import { closeContext, openContext } from '../../src/services/context.js'
import type { AppContext } from '../../src/services/context.js'
import { grantCostCentre } from '../../src/store/users.js'
import type { User } from '../../src/store/users.js'
import { ensureCostCentre } from '../../src/store/register.js'
import { buildApp } from '../../src/web/app.js'

export const TEST_ORIGIN = 'http://localhost:3000'
export const TEST_PASSWORD = 'riktig hest batteri stift'

/** A signed-in browser: its cookie and CSRF token, sent on every call. */
export interface Agent {
  user: User
  sessionId: string
  csrfToken: string
  inject(options: InjectOptions): Promise<LightMyRequestResponse>
}

export interface TestApp {
  app: FastifyInstance
  context: AppContext
  signIn(role: Role, options?: { costCentres?: string[] }): Promise<Agent>
  close(): Promise<void>
}

let users = 0

/** The real app on a fresh SQLite database in a temporary folder. */
export async function buildTestApp(
  overrides: Partial<Config> = {},
): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), 'telekost-web-'))
  const config = testConfig(dir, { origin: TEST_ORIGIN, ...overrides })
  const context = await openContext(config)
  const app = await buildApp(context)
  await app.ready()

  return {
    app,
    context,
    signIn: (role, options) => signIn(app, context, role, options),
    async close() {
      await app.close()
      await closeContext(context)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function signIn(
  app: FastifyInstance,
  context: AppContext,
  role: Role,
  options: { costCentres?: string[] } = {},
): Promise<Agent> {
  const username = `${role}${++users}`
  const user = await createUser(
    context.db,
    { username, displayName: `Test ${role}`, role },
    TEST_PASSWORD,
  )
  for (const code of options.costCentres ?? []) {
    await ensureCostCentre(context.db, code)
    await grantCostCentre(context.db, user.id, code)
  }
  const sessionId = await postSignIn(app, username, TEST_PASSWORD)
  const session = await context.sessions.find(hashSessionId(sessionId))

  return agent(app, user, sessionId, session!.csrfToken)
}

/** Signs in through the form; returns the session id from the cookie. */
export async function postSignIn(
  app: FastifyInstance,
  username: string,
  password: string,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in',
    ...form({ username, password }),
    headers: { origin: TEST_ORIGIN, ...FORM_TYPE },
  })
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)
  if (!cookie) throw new Error(`sign-in failed: ${response.statusCode}`)

  return cookie.value
}

function agent(
  app: FastifyInstance,
  user: User,
  sessionId: string,
  csrfToken: string,
): Agent {
  return {
    user,
    sessionId,
    csrfToken,
    inject(options) {
      const plain = isPlainObject(options.payload)
      const headers = {
        origin: TEST_ORIGIN,
        'x-csrf-token': csrfToken,
        ...(plain ? FORM_TYPE : {}),
        ...options.headers,
        cookie: `${SESSION_COOKIE}=${sessionId}`,
      }
      const payload = plain
        ? new URLSearchParams(
            options.payload as Record<string, string>,
          ).toString()
        : options.payload
      return app.inject({ ...options, headers, payload })
    },
  }
}

const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' }

/** A form body as a browser posts it. */
export function form(fields: Record<string, string>) {
  return {
    payload: new URLSearchParams(fields).toString(),
    headers: FORM_TYPE,
  }
}

function isPlainObject(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  )
}

/** A multipart body with one file, as a browser would send it. */
export function multipartFile(
  filename: string,
  bytes: Buffer,
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----telekost${Date.now()}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    )
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  )

  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}
