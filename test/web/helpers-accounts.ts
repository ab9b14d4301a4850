import type { LightMyRequestResponse } from 'fastify'
import type { SecurityEvent } from '../../src/security/events/types.js'
import type { AppContext } from '../../src/services/context.js'
import { form, TEST_ORIGIN } from '../helpers/app.js'
import type { TestApp } from '../helpers/app.js'

/** Every security event recorded from now on. */
export function captureEvents(context: AppContext): SecurityEvent[] {
  const events: SecurityEvent[] = []
  context.security.addSink({ write: (event) => void events.push(event) })
  return events
}

export function postSignInForm(
  t: TestApp,
  username: string,
  password: string,
  ip = '127.0.0.1',
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress: ip,
    ...form({ username, password }),
    headers: { origin: TEST_ORIGIN, ...form({}).headers },
  })
}

export function cookieOf(
  response: LightMyRequestResponse,
  name: string,
): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value
}
