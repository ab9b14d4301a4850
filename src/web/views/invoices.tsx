import { allChecksHold } from '../../domain/checks.js'
import type { Invoice } from '../../store/invoices.js'
import type { PageContext } from '../page.js'
import { formatDate, kr, STATUS_LABEL } from './format.js'
import { Layout } from './layout.js'

export function InvoiceListPage(props: {
  page: PageContext
  invoices: Invoice[]
  canUpload: boolean
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('invoicesTitle')}>
      <div class="title-row">
        <h1>{t('invoicesTitle')}</h1>
        {props.canUpload && (
          <a class="button primary" href="/invoices/upload">
            {t('navUpload')}
          </a>
        )}
      </div>
      {props.invoices.length === 0 ? (
        <p class="empty">{t('invoicesEmpty')}</p>
      ) : (
        <InvoiceTable page={props.page} invoices={props.invoices} />
      )}
    </Layout>
  )
}

function InvoiceTable(props: { page: PageContext; invoices: Invoice[] }) {
  const { t } = props.page

  return (
    <table class="data">
      <thead>
        <tr>
          <th>{t('colStatus')}</th>
          <th>{t('colNumber')}</th>
          <th>{t('colDate')}</th>
          <th>{t('colDue')}</th>
          <th class="num">{t('colPayable')}</th>
          <th>{t('colChecks')}</th>
        </tr>
      </thead>
      <tbody>
        {props.invoices.map((i) => (
          <InvoiceRow page={props.page} invoice={i} />
        ))}
      </tbody>
    </table>
  )
}

function InvoiceRow(props: { page: PageContext; invoice: Invoice }) {
  const { t } = props.page
  const i = props.invoice
  const failed = i.checks.filter((c) => !c.ok).length

  return (
    <tr>
      <td>
        <StatusBadge page={props.page} status={i.status} />
      </td>
      <td>
        <a href={`/invoices/${i.id}`}>{i.header.number}</a>
      </td>
      <td>{formatDate(i.header.issueDate)}</td>
      <td>{formatDate(i.header.dueDate)}</td>
      <td class="num">{kr(i.header.payableOre)}</td>
      <td>
        {allChecksHold(i.checks) ? (
          <span class="ok-text">✓ {t('checksOk')}</span>
        ) : (
          <span class="bad-text">✗ {t('checksFailed', { n: failed })}</span>
        )}
      </td>
    </tr>
  )
}

export function StatusBadge(props: {
  page: PageContext
  status: Invoice['status']
}) {
  return (
    <span class={`badge ${props.status}`}>
      {props.page.t(STATUS_LABEL[props.status])}
    </span>
  )
}
