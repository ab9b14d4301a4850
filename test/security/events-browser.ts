import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { createUser } from '../../src/security/accounts.js'
import type { Role } from '../../src/security/roles.js'
import { SESSION_COOKIE } from '../../src/security/sessions.js'
import type { AppContext } from '../../src/services/context.js'
import { postSignIn, TEST_ORIGIN, TEST_PASSWORD } from '../helpers/app.js'

let users = 0

/**
 * Signs a new user in through the form and reads the CSRF token off a
 * page, as a browser does, wherever the sessions are kept. Returns the
 * headers a browser sends with a state-changing request.
 */
export async function signInBrowser(
  app: FastifyInstance,
  context: AppContext,
  role: Role = 'accountant',
): Promise<Record<string, string>> {
  const username = `browser${++users}`
  await createUser(
    context.db,
    { username, displayName: 'Nettleser', role },
    TEST_PASSWORD,
  )
  const sessionId = await postSignIn(app, username, TEST_PASSWORD)
  const cookie = `${SESSION_COOKIE}=${sessionId}`
  const page = await app.inject({
    method: 'GET',
    url: '/password',
    headers: { cookie },
  })
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  assert.ok(token, 'a signed-in page carries the CSRF token')

  return { cookie, origin: TEST_ORIGIN, 'x-csrf-token': token }
}
