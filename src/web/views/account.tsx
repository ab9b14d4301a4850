import type { Problem } from '../../domain/invoice.js'
import type { ApiToken } from '../../store/api-tokens.js'
import type { PageContext } from '../page.js'
import { CsrfField, Layout, Notice, Problems } from './layout.js'

export function AccountNav({ page }: { page: PageContext }) {
  const { t } = page
  const links = [
    { href: '/account/sessions', label: t('navSessions') },
    { href: '/account/totp', label: t('navTotp') },
    { href: '/account/api-tokens', label: t('navApiTokens') },
    { href: '/password', label: t('navPassword') },
  ]

  return (
    <nav class="account-nav" aria-label={t('navAccount')}>
      {links.map((l) => (
        <a
          href={l.href}
          aria-current={page.path === l.href ? 'page' : undefined}
        >
          {l.label}
        </a>
      ))}
    </nav>
  )
}

/** The code step of sign-in: no session yet, its own CSRF token. */
export function TotpSignInPage(props: {
  page: PageContext
  csrfToken: string
  failed: boolean
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('totpSignInTitle')}>
      <section class="narrow card">
        <h1>{t('totpSignInTitle')}</h1>
        <p class="lead">{t('totpSignInLead')}</p>
        {props.failed && (
          <p class="notice error" role="alert">
            {t('totpFailed')}
          </p>
        )}
        <form method="post" action="/sign-in/totp" class="stack">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <CodeField page={props.page} />
          <button type="submit" class="primary">
            {t('signInButton')}
          </button>
        </form>
      </section>
    </Layout>
  )
}

function CodeField({ page }: { page: PageContext }) {
  return (
    <label>
      {page.t('totpCode')}
      <input
        name="code"
        inputMode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9 ]{6,7}"
        maxLength={7}
        required
        autofocus
      />
    </label>
  )
}

export type EnrolState =
  | { kind: 'enabled' }
  | {
      kind: 'enrol'
      secret: string
      /** The secret sealed to this user, carried by the form until confirmed. */
      sealed: string
      uri: string
      required: boolean
    }

export function TotpEnrolPage(props: {
  page: PageContext
  state: EnrolState
  problems: Problem[]
  enabledNow: boolean
}) {
  const { page, state } = props
  const { t } = page

  return (
    <Layout page={page} title={t('totpTitle')}>
      <AccountNav page={page} />
      <section class="narrow card">
        <h1>{t('totpTitle')}</h1>
        <Notice text={props.enabledNow ? t('totpEnabledNow') : null} />
        <Problems problems={props.problems} />
        {state.kind === 'enabled' ? (
          <p class="lead" data-totp="enabled">
            {t('totpIsOn')}
          </p>
        ) : (
          <Enrol page={page} state={state} />
        )}
      </section>
    </Layout>
  )
}

function Enrol(props: {
  page: PageContext
  state: Extract<EnrolState, { kind: 'enrol' }>
}) {
  const { page, state } = props
  const { t } = page

  return (
    <>
      <p class="lead">
        {state.required ? t('totpRequiredLead') : t('totpLead')}
      </p>
      <dl class="facts">
        <dt>{t('totpSecret')}</dt>
        <dd>
          <code data-totp-secret>{groups(state.secret)}</code>
        </dd>
        <dt>{t('totpUri')}</dt>
        <dd>
          <code class="wrap" data-totp-uri>
            {state.uri}
          </code>
        </dd>
      </dl>
      <form method="post" action="/account/totp" class="stack">
        <CsrfField page={page} />
        <input type="hidden" name="enrol" value={state.sealed} />
        <CodeField page={page} />
        <button type="submit" class="primary">
          {t('totpConfirm')}
        </button>
      </form>
    </>
  )
}

/** A base32 secret in groups of four, easier to type by hand. */
function groups(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ')
}

export interface SessionRow {
  handle: string
  createdAt: string
  lastSeenAt: string
  ip: string | null
  userAgent: string | null
  current: boolean
}

export function SessionsTable(props: {
  page: PageContext
  sessions: SessionRow[]
  endAction: (handle: string) => string
}) {
  const { t } = props.page
  if (props.sessions.length === 0) return <p>{t('sessionsNone')}</p>

  return (
    <table class="data sessions">
      <thead>
        <tr>
          <th>{t('sessionCreated')}</th>
          <th>{t('sessionLastSeen')}</th>
          <th>{t('sessionIp')}</th>
          <th>{t('sessionAgent')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.sessions.map((s) => (
          <tr data-session={s.handle}>
            <td>{when(s.createdAt)}</td>
            <td>{when(s.lastSeenAt)}</td>
            <td>{s.ip ?? ''}</td>
            <td>{s.userAgent ?? ''}</td>
            <td>
              {s.current && <em>{t('sessionCurrent')} </em>}
              <form method="post" action={props.endAction(s.handle)}>
                <CsrfField page={props.page} />
                <button type="submit" class="link">
                  {t('sessionEnd')}
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function SessionsPage(props: {
  page: PageContext
  sessions: SessionRow[]
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('sessionsTitle')}>
      <AccountNav page={props.page} />
      <h1>{t('sessionsTitle')}</h1>
      <p class="lead">{t('sessionsLead')}</p>
      <SessionsTable
        page={props.page}
        sessions={props.sessions}
        endAction={(h) => `/account/sessions/${h}/end`}
      />
    </Layout>
  )
}

export function ApiTokensPage(props: {
  page: PageContext
  tokens: ApiToken[]
  scopes: readonly string[]
  created: { token: string; expiresAt: string } | null
  problems: Problem[]
}) {
  const { page } = props
  const { t } = page

  return (
    <Layout page={page} title={t('apiTokensTitle')}>
      <AccountNav page={page} />
      <h1>{t('apiTokensTitle')}</h1>
      <p class="lead">{t('apiTokensLead')}</p>
      {props.created && (
        <div class="notice ok" role="status">
          <p>{t('apiTokenShownOnce')}</p>
          <p>
            <code data-new-token>{props.created.token}</code>
          </p>
        </div>
      )}
      <Problems problems={props.problems} />
      <TokenTable page={page} tokens={props.tokens} />
      <h2>{t('apiTokenNew')}</h2>
      <form method="post" action="/account/api-tokens" class="stack narrow">
        <CsrfField page={page} />
        <label>
          {t('apiTokenName')}
          <input name="name" required maxLength={100} />
        </label>
        <fieldset>
          <legend>{t('apiTokenScopes')}</legend>
          {props.scopes.map((scope) => (
            <label>
              <input type="checkbox" name="scopes" value={scope} /> {scope}
            </label>
          ))}
        </fieldset>
        <label>
          {t('apiTokenDays')}
          <input
            name="days"
            type="number"
            min={1}
            max={365}
            value="90"
            required
          />
        </label>
        <button type="submit" class="primary">
          {t('apiTokenCreate')}
        </button>
      </form>
    </Layout>
  )
}

function TokenTable(props: { page: PageContext; tokens: ApiToken[] }) {
  const { t } = props.page
  if (props.tokens.length === 0) return <p>{t('apiTokensNone')}</p>

  return (
    <table class="data tokens">
      <thead>
        <tr>
          <th>{t('apiTokenName')}</th>
          <th>{t('apiTokenScopes')}</th>
          <th>{t('apiTokenExpires')}</th>
          <th>{t('apiTokenLastUsed')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.tokens.map((token) => (
          <tr data-token={token.id}>
            <td>{token.name}</td>
            <td>{token.scopes.join(', ')}</td>
            <td>{when(token.expiresAt)}</td>
            <td>{token.lastUsedAt ? when(token.lastUsedAt) : ''}</td>
            <td>
              {token.revokedAt ? (
                t('apiTokenRevoked')
              ) : (
                <form
                  method="post"
                  action={`/account/api-tokens/${token.id}/revoke`}
                >
                  <CsrfField page={props.page} />
                  <button type="submit" class="link">
                    {t('apiTokenRevoke')}
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ')
}
