import type { Problem } from '../../domain/invoice.js'
import type { PageContext } from '../page.js'
import { CsrfField, Layout, Notice, Problems } from './layout.js'

export function PasswordPage(props: {
  page: PageContext
  problems: Problem[]
  changed: boolean
}) {
  const { t, auth } = props.page
  const mustChange = auth?.user.mustChangePassword ?? false

  return (
    <Layout page={props.page} title={t('passwordTitle')}>
      <section class="narrow card">
        <h1>{t('passwordTitle')}</h1>
        <p class="lead">
          {mustChange ? t('passwordMustChange') : t('passwordLead')}
        </p>
        <Notice text={props.changed ? t('passwordChanged') : null} />
        <Problems problems={props.problems} />
        <form method="post" action="/password" class="stack">
          <CsrfField page={props.page} />
          <input
            type="text"
            name="username"
            autocomplete="username"
            value={auth?.user.username ?? ''}
            hidden
            readOnly
          />
          <label>
            {t('currentPassword')}
            <input
              type="password"
              name="current"
              autocomplete="current-password"
              required
            />
          </label>
          <label>
            {t('newPassword')}
            <input
              type="password"
              name="next"
              autocomplete="new-password"
              minLength={12}
              maxLength={128}
              required
            />
          </label>
          <label>
            {t('repeatPassword')}
            <input
              type="password"
              name="repeat"
              autocomplete="new-password"
              required
            />
          </label>
          <button type="submit" class="primary">
            {t('saveButton')}
          </button>
        </form>
      </section>
    </Layout>
  )
}
