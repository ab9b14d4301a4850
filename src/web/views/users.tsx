import type { Problem } from '../../domain/invoice.js'
import { ROLES } from '../../security/roles.js'
import type { User } from '../../store/users.js'
import type { MessageKey } from '../i18n.js'
import type { PageContext } from '../page.js'
import { SessionsTable } from './account.js'
import type { SessionRow } from './account.js'
import { CsrfField, Layout, Notice, Problems } from './layout.js'

function roleName(page: PageContext, role: string): string {
  return page.t(`role_${role}` as MessageKey)
}

export function UsersPage(props: {
  page: PageContext
  users: User[]
  created: { username: string; password: string | null } | null
  problems: Problem[]
}) {
  const { page } = props
  const { t } = page

  return (
    <Layout page={page} title={t('usersTitle')}>
      <h1>{t('usersTitle')}</h1>
      <p class="lead">{t('usersLead')}</p>
      {props.created && (
        <div class="notice ok" role="status">
          <p>{t('userCreated', { username: props.created.username })}</p>
          {props.created.password && (
            <p>
              <code data-initial-password>{props.created.password}</code>
            </p>
          )}
        </div>
      )}
      <Problems problems={props.problems} />
      <table class="data users">
        <thead>
          <tr>
            <th>{t('colUsername')}</th>
            <th>{t('displayName')}</th>
            <th>{t('colRole')}</th>
            <th>{t('colTotp')}</th>
            <th>{t('colStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr data-user={u.username}>
              <td>
                <a href={`/admin/users/${u.id}`}>{u.username}</a>
              </td>
              <td>{u.displayName}</td>
              <td>{roleName(page, u.role)}</td>
              <td>{u.totpEnabled ? t('yes') : t('no')}</td>
              <td>{u.disabled ? t('statusDisabled') : t('statusActive')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('userNew')}</h2>
      <form method="post" action="/admin/users" class="stack narrow">
        <CsrfField page={page} />
        <label>
          {t('colUsername')}
          <input name="username" required maxLength={100} />
        </label>
        <label>
          {t('displayName')}
          <input name="displayName" required maxLength={200} />
        </label>
        <RoleSelect page={page} value="accountant" />
        <label>
          {t('userPassword')}
          <input
            name="password"
            type="password"
            autocomplete="new-password"
            maxLength={128}
          />
        </label>
        <button type="submit" class="primary">
          {t('userCreate')}
        </button>
      </form>
    </Layout>
  )
}

function RoleSelect(props: { page: PageContext; value: string }) {
  return (
    <label>
      {props.page.t('role')}
      <select name="role">
        {ROLES.map((role) => (
          <option value={role} selected={role === props.value}>
            {roleName(props.page, role)}
          </option>
        ))}
      </select>
    </label>
  )
}

export function UserPage(props: {
  page: PageContext
  user: User
  costCentres: string[]
  sessions: SessionRow[]
  saved: boolean
  problems: Problem[]
  /** A new initial password, shown on this answer only. */
  resetPassword?: string | null
}) {
  const { page, user } = props
  const { t } = page
  const base = `/admin/users/${user.id}`

  return (
    <Layout page={page} title={user.username}>
      <p>
        <a href="/admin/users">{t('usersTitle')}</a>
      </p>
      <h1>
        {user.displayName} ({user.username})
      </h1>
      <Notice text={props.saved ? t('userSaved') : null} />
      <Problems problems={props.problems} />
      {props.resetPassword && (
        <div class="notice ok" role="status">
          <p>{t('userPasswordReset', { username: user.username })}</p>
          <p>
            <code data-initial-password>{props.resetPassword}</code>
          </p>
        </div>
      )}
      <form method="post" action={`${base}/role`} class="stack narrow">
        <CsrfField page={page} />
        <RoleSelect page={page} value={user.role} />
        <button type="submit">{t('userChangeRole')}</button>
      </form>
      <form method="post" action={`${base}/cost-centres`} class="stack narrow">
        <CsrfField page={page} />
        <label>
          {t('userCostCentres')}
          <input
            name="codes"
            maxLength={1000}
            value={props.costCentres.join(', ')}
          />
        </label>
        <button type="submit">{t('userSaveCostCentres')}</button>
      </form>
      <p class="actions">
        <PostButton
          page={page}
          action={`${base}/${user.disabled ? 'enable' : 'disable'}`}
          label={user.disabled ? t('userEnable') : t('userDisable')}
        />
        {user.totpEnabled && (
          <PostButton
            page={page}
            action={`${base}/totp/reset`}
            label={t('userTotpReset')}
          />
        )}
      </p>
      <form method="post" action={`${base}/password`} class="stack narrow">
        <CsrfField page={page} />
        <label>
          {t('userPassword')}
          <input
            type="password"
            name="password"
            autocomplete="new-password"
            maxLength={1024}
          />
        </label>
        <button type="submit">{t('userResetPassword')}</button>
      </form>
      <h2>{t('userSessions')}</h2>
      <SessionsTable
        page={page}
        sessions={props.sessions}
        endAction={(h) => `${base}/sessions/${h}/end`}
      />
    </Layout>
  )
}

function PostButton(props: {
  page: PageContext
  action: string
  label: string
}) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField page={props.page} />
      <button type="submit">{props.label}</button>
    </form>
  )
}
