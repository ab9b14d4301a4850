import type { PageContext } from '../page.js'
import { Layout } from './layout.js'

export function SignInPage(props: {
  page: PageContext
  failed: boolean
  username: string
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('signInTitle')}>
      <section class="narrow card">
        <h1>{t('signInTitle')}</h1>
        <p class="lead">{t('signInLead')}</p>
        {props.failed && (
          <p class="notice error" role="alert">
            {t('signInFailed')}
          </p>
        )}
        <form method="post" action="/sign-in" class="stack">
          <label>
            {t('username')}
            <input
              name="username"
              autocomplete="username"
              required
              maxLength={100}
              value={props.username}
            />
          </label>
          <label>
            {t('password')}
            <input
              type="password"
              name="password"
              autocomplete="current-password"
              required
              maxLength={1024}
            />
          </label>
          <button type="submit" class="primary">
            {t('signInButton')}
          </button>
        </form>
      </section>
    </Layout>
  )
}
