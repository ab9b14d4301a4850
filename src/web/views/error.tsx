import type { PageContext } from '../page.js'
import { Layout, Problems } from './layout.js'

export function ErrorPage(props: {
  page: PageContext
  statusCode: number
  message: string
  problems: ReadonlyArray<{ code: string; message: string }>
}) {
  const { t } = props.page
  const title =
    props.statusCode === 404
      ? t('notFoundTitle')
      : props.statusCode === 403
        ? t('forbiddenTitle')
        : t('errorTitle')

  return (
    <Layout page={props.page} title={title}>
      <section class="narrow card">
        <h1>{title}</h1>
        <p class="lead">{props.message}</p>
        <Problems problems={props.problems} />
        <p>
          <a href="/invoices">{t('backToInvoices')}</a>
        </p>
      </section>
    </Layout>
  )
}
