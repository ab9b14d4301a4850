import { randomBytes } from 'node:crypto'
import { Type } from '@sinclair/typebox'
import type { Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Problem } from '../../domain/invoice.js'
import { createUser } from '../../security/accounts.js'
import { passwordProblem } from '../../security/passwords.js'
import { isRole } from '../../security/roles.js'
import { endSessionByHandle } from '../../security/sessions.js'
import type { SessionStore } from '../../security/sessions.js'
import type { AppContext } from '../../services/context.js'
import { resetPassword } from '../../services/password-reset.js'
import {
  clearTotp,
  findUserById,
  listUserCostCentres,
  listUsers,
  setCostCentres,
  setDisabled,
  updateRole,
} from '../../store/users.js'
import type { User } from '../../store/users.js'
import { recordAudit } from '../../privacy/audit.js'
import type { AuditDetails } from '../../privacy/audit.js'
import type {
  EventDetails,
  SecurityEventType,
  Severity,
} from '../../security/events/types.js'
import { auditActor } from '../audit-actor.js'
import { NotFoundError } from '../errors.js'
import { pageContext, seeOther, sendPage } from '../page.js'
import { UserPage, UsersPage } from '../views/users.js'
import { sessionRows } from './account.js'

const FORM_LIMIT = 16 * 1024
const ADMIN = { access: ['admin'] } as const
const csrf = Type.Optional(Type.String({ maxLength: 200 }))

const NewUserBody = Type.Object({
  _csrf: csrf,
  username: Type.String({ pattern: '^[a-zA-Z0-9._-]{2,100}$' }),
  displayName: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.String({ maxLength: 20 }),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
})
type NewUserBody = Static<typeof NewUserBody>

const RoleBody = Type.Object({
  _csrf: csrf,
  role: Type.String({ maxLength: 20 }),
})
type RoleBody = Static<typeof RoleBody>

const CodesBody = Type.Object({
  _csrf: csrf,
  codes: Type.String({ maxLength: 1000 }),
})
type CodesBody = Static<typeof CodesBody>

const ResetBody = Type.Object({
  _csrf: csrf,
  password: Type.Optional(Type.String({ maxLength: 1024 })),
})
type ResetBody = Static<typeof ResetBody>

const UserParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
})
type UserParams = Static<typeof UserParams>

const SessionParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
  handle: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }),
})
type SessionParams = Static<typeof SessionParams>

/** The administrator's user pages. */
export function userRoutes(
  app: FastifyInstance,
  context: AppContext,
  store: SessionStore,
): void {
  const { db } = context

  app.get('/admin/users', { config: ADMIN }, async (request, reply) =>
    sendPage(
      reply,
      <UsersPage
        page={pageContext(request)}
        users={await listUsers(db)}
        created={null}
        problems={[]}
      />,
    ),
  )

  app.post<{ Body: NewUserBody }>(
    '/admin/users',
    { config: ADMIN, bodyLimit: FORM_LIMIT, schema: { body: NewUserBody } },
    async (request, reply) => {
      const { username, displayName, role } = request.body
      const given = request.body.password ?? ''
      const password =
        given === '' ? randomBytes(18).toString('base64url') : given
      const problem = isRole(role)
        ? given === ''
          ? null
          : passwordProblem(given)
        : { code: 'role-unknown', message: 'Velg en av rollene i listen.' }
      const taken = (await listUsers(db)).some(
        (u) => u.username === username.toLowerCase(),
      )
      const problems: Problem[] = problem ? [problem] : []
      if (taken) {
        problems.push({
          code: 'username-taken',
          message: 'Brukernavnet er i bruk. Velg et annet.',
        })
      }
      if (problems.length === 0 && isRole(role)) {
        const created = await createUser(
          db,
          { username, displayName, role },
          password,
          true,
        )
        await recordAccountEvent(
          context,
          request,
          'user-created',
          6,
          created.id,
          { role },
        )
        await auditUserChange(context, request, created.id, 'user.create', {
          role,
        })
      }

      return sendPage(
        reply,
        <UsersPage
          page={pageContext(request)}
          users={await listUsers(db)}
          created={
            problems.length === 0
              ? { username, password: given === '' ? password : null }
              : null
          }
          problems={problems}
        />,
        problems.length === 0 ? 201 : 422,
      )
    },
  )

  app.get<{ Params: UserParams }>(
    '/admin/users/:id',
    { config: ADMIN, schema: { params: UserParams } },
    async (request, reply) => {
      const user = await userOr404(context, request.params.id)

      return sendUserPage(request, reply, context, store, user, [])
    },
  )

  app.post<{ Params: UserParams; Body: RoleBody }>(
    '/admin/users/:id/role',
    {
      config: ADMIN,
      bodyLimit: FORM_LIMIT,
      schema: { params: UserParams, body: RoleBody },
    },
    async (request, reply) => {
      const user = await userOr404(context, request.params.id)
      const { role } = request.body
      if (!isRole(role)) {
        const problem = {
          code: 'role-unknown',
          message: 'Velg en av rollene i listen.',
        }
        return sendUserPage(
          request,
          reply,
          context,
          store,
          user,
          [problem],
          422,
        )
      }
      if (role !== user.role) {
        await updateRole(db, user.id, role)
        await recordAccountEvent(context, request, 'role-changed', 8, user.id, {
          from: user.role,
          to: role,
        })
        await auditUserChange(context, request, user.id, 'user.role', {
          before: user.role,
          after: role,
        })
      }

      return seeOther(reply, `/admin/users/${user.id}?saved`)
    },
  )

  app.post<{ Params: UserParams; Body: CodesBody }>(
    '/admin/users/:id/cost-centres',
    {
      config: ADMIN,
      bodyLimit: FORM_LIMIT,
      schema: { params: UserParams, body: CodesBody },
    },
    async (request, reply) => {
      const user = await userOr404(context, request.params.id)
      const codes = [
        ...new Set(
          request.body.codes
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean),
        ),
      ]
      const known = await db
        .selectFrom('cost_centres')
        .select('code')
        .where('code', 'in', codes.length > 0 ? codes : [''])
        .execute()
      const unknown = codes.filter((c) => !known.some((k) => k.code === c))
      if (unknown.length > 0) {
        const problem = {
          code: 'cost-centre-unknown',
          message: `Ukjente kostnadssteder: ${unknown.join(', ')}. Importer dem i registeret først.`,
        }
        return sendUserPage(
          request,
          reply,
          context,
          store,
          user,
          [problem],
          422,
        )
      }
      const before = await listUserCostCentres(db, user.id)
      await setCostCentres(db, user.id, codes)
      await auditUserChange(context, request, user.id, 'user.cost-centres', {
        before,
        after: codes,
      })

      return seeOther(reply, `/admin/users/${user.id}?saved`)
    },
  )

  app.post<{ Params: UserParams }>(
    '/admin/users/:id/disable',
    { config: ADMIN, bodyLimit: FORM_LIMIT, schema: { params: UserParams } },
    async (request, reply) => {
      const user = await userOr404(context, request.params.id)
      if (user.id === request.auth!.user.id) {
        const problem = {
          code: 'disable-self',
          message:
            'Du kan ikke stenge din egen konto. Be en annen administrator.',
        }
        return sendUserPage(
          request,
          reply,
          context,
          store,
          user,
          [problem],
          422,
        )
      }
      await setDisabled(db, user.id, true)
      await store.deleteForUser(user.id)
      await recordAccountEvent(context, request, 'user-disabled', 6, user.id)
      await auditUserChange(context, request, user.id, 'user.disable')

      return seeOther(reply, `/admin/users/${user.id}?saved`)
    },
  )

  app.post<{ Params: UserParams }>(
    '/admin/users/:id/enable',
    { config: ADMIN, bodyLimit: FORM_LIMIT, schema: { params: UserParams } },
    async (request, reply) => {
      const user = await userOr404(context, request.params.id)
      await setDisabled(db, user.id, false)
      await auditUserChange(context, request, user.id, 'user.enable')

      return seeOther(reply, `/admin/users/${user.id}?saved`)
    },
  )

  app.post<{ Params: UserParams }>(
    '/admin/users/:id/totp/reset',
    { config: ADMIN, bodyLimit: FORM_LIMIT, schema: { params: UserParams } },
    async (request, reply) => {
      const user = await userOr404(context, request.params.id)
      await clearTotp(db, user.id)
      await store.deleteForUser(user.id)
      // Turning off a second factor is how an account takeover would
      // finish; it alerts like a role change.
      await recordAccountEvent(context, request, 'totp-reset', 8, user.id)
      await auditUserChange(context, request, user.id, 'user.totp-reset')

      return seeOther(reply, `/admin/users/${user.id}?saved`)
    },
  )

  app.post<{ Params: UserParams; Body: ResetBody }>(
    '/admin/users/:id/password',
    {
      config: ADMIN,
      bodyLimit: FORM_LIMIT,
      schema: { params: UserParams, body: ResetBody },
    },
    async (request, reply) => {
      const user = await userOr404(context, request.params.id)
      const reset = { actor: auditActor(request), user, ip: request.ip }
      const outcome = await resetPassword(
        context,
        store,
        reset,
        request.body.password ?? '',
      )
      if (!outcome.ok) {
        const problems = [outcome.problem]
        return sendUserPage(request, reply, context, store, user, problems, 422)
      }

      return sendUserPage(request, reply, context, store, user, [], 200, {
        resetPassword: outcome.password,
      })
    },
  )

  app.post<{ Params: SessionParams }>(
    '/admin/users/:id/sessions/:handle/end',
    { config: ADMIN, bodyLimit: FORM_LIMIT, schema: { params: SessionParams } },
    async (request, reply) => {
      const user = await userOr404(context, request.params.id)
      const ended = await endSessionByHandle(
        store,
        user.id,
        request.params.handle,
      )
      if (!ended) throw new NotFoundError()
      await recordAccountEvent(context, request, 'session-ended', 4, user.id, {
        by: 'admin',
      })

      return seeOther(reply, `/admin/users/${user.id}`)
    },
  )
}

async function userOr404(context: AppContext, id: string): Promise<User> {
  const user = await findUserById(context.db, id)
  if (!user) throw new NotFoundError()

  return user
}

async function sendUserPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: AppContext,
  store: SessionStore,
  user: User,
  problems: Problem[],
  statusCode = 200,
  extra: { resetPassword?: string } = {},
) {
  const current = request.auth?.session.idHash ?? null

  return sendPage(
    reply,
    <UserPage
      page={pageContext(request)}
      user={user}
      costCentres={await listUserCostCentres(context.db, user.id)}
      sessions={sessionRows(await store.listForUser(user.id), current)}
      saved={'saved' in (request.query as object)}
      problems={problems}
      resetPassword={extra.resetPassword ?? null}
    />,
    statusCode,
  )
}

/** Every change to an account is audited as access control. */
function auditUserChange(
  context: AppContext,
  request: FastifyRequest,
  userId: string,
  action: string,
  details?: AuditDetails,
) {
  return recordAudit(context, {
    actor: auditActor(request),
    action,
    subjectType: 'user',
    subjectId: userId,
    purpose: 'tilgangsstyring',
    ...(details ? { details } : {}),
  })
}

/** A security event about another user's account, by the signed-in admin. */
function recordAccountEvent(
  context: AppContext,
  request: FastifyRequest,
  type: SecurityEventType,
  severity: Severity,
  targetUserId: string,
  details: EventDetails = {},
) {
  return context.security.record({
    type,
    severity,
    ip: request.ip,
    userId: request.auth!.user.id,
    details: { targetUserId, ...details },
  })
}
