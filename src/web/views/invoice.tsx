import type { Check } from '../../domain/checks.js'
import { sumOre } from '../../domain/money.js'
import type { CostCentreTotal } from '../../store/allocations.js'
import type { InvoiceView, SubscriptionView } from '../models/invoices.js'
import type { PageContext } from '../page.js'
import { formatDate, formatDateTime, formatPhone, kr } from './format.js'
import { StatusBadge } from './invoices.js'
import { CsrfField, Layout } from './layout.js'

export interface InvoicePageProps {
  page: PageContext
  view: InvoiceView
  canWork: boolean
  canExport: boolean
  suspenseCostCentre: string
}

export function InvoicePage(props: InvoicePageProps) {
  const { t } = props.page
  const { invoice } = props.view

  return (
    <Layout
      page={props.page}
      title={t('invoiceTitle', { number: invoice.header.number })}
    >
      <div class="title-row">
        <h1>{t('invoiceTitle', { number: invoice.header.number })}</h1>
        <StatusBadge page={props.page} status={invoice.status} />
      </div>
      <HeaderFacts {...props} />
      {!props.view.restricted && <Checks {...props} />}
      <Allocation {...props} />
      {props.canExport && <Exports {...props} />}
      {!props.view.restricted && <Subscriptions {...props} />}
    </Layout>
  )
}

function HeaderFacts({ page, view }: InvoicePageProps) {
  const { t } = page
  const h = view.invoice.header

  return (
    <section class="facts">
      <dl>
        <Fact label={t('supplier')} value={h.supplier} />
        <Fact label={t('customerNumber')} value={h.customerNumber ?? '–'} />
        <Fact label={t('issueDate')} value={formatDate(h.issueDate)} />
        <Fact label={t('dueDate')} value={formatDate(h.dueDate)} />
        <Fact label={t('kid')} value={h.kid ?? '–'} />
        <Fact label={t('account')} value={h.account ?? '–'} />
      </dl>
      <dl class="amounts">
        <Fact label={t('vatBase')} value={kr(h.vatBaseOre)} />
        <Fact label={t('vatFree')} value={kr(h.vatFreeOre)} />
        <Fact label={t('vat')} value={kr(h.vatOre)} />
        <Fact label={t('payable')} value={kr(h.payableOre)} strong />
      </dl>
    </section>
  )
}

function Fact(props: { label: string; value: string; strong?: boolean }) {
  return (
    <div class={props.strong ? 'fact strong' : 'fact'}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  )
}

function Checks(props: InvoicePageProps) {
  const { t } = props.page
  const { invoice } = props.view
  const failed = invoice.checks.filter((c) => !c.ok)

  return (
    <section aria-labelledby="checks">
      <h2 id="checks">{t('checksTitle')}</h2>
      {failed.length === 0 ? (
        <p class="notice ok" data-checks="ok">
          ✓ {t('checksAllOk')}
        </p>
      ) : (
        <FailedChecks page={props.page} failed={failed} />
      )}
      {invoice.acceptance && (
        <p class="muted">
          {t('acceptedBy', { comment: invoice.acceptance.comment })}
        </p>
      )}
      {props.canWork && invoice.status === 'needs_review' && (
        <AcceptForm {...props} />
      )}
      {props.canWork && invoice.status === 'ready' && (
        <ApproveForm {...props} />
      )}
      {invoice.approval && (
        <p class="muted">
          {t('approvedAt', { at: formatDateTime(invoice.approval.at) })}
        </p>
      )}
    </section>
  )
}

function FailedChecks(props: { page: PageContext; failed: Check[] }) {
  const { t } = props.page

  return (
    <div class="notice error" data-checks="failed">
      <p>{t('checksSomeFailed', { n: props.failed.length })}</p>
      <table class="data compact">
        <thead>
          <tr>
            <th></th>
            <th class="num">{t('expected')}</th>
            <th class="num">{t('actual')}</th>
          </tr>
        </thead>
        <tbody>
          {props.failed.map((c) => (
            <tr data-code={c.code}>
              <td>{c.message}</td>
              <td class="num">{kr(c.expectedOre)}</td>
              <td class="num">{kr(c.actualOre)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function AcceptForm({ page, view }: InvoicePageProps) {
  const { t } = page

  return (
    <form
      method="post"
      action={`/invoices/${view.invoice.id}/accept`}
      class="stack card"
    >
      <h3>{t('acceptTitle')}</h3>
      <p class="muted">{t('acceptLead')}</p>
      <CsrfField page={page} />
      <label>
        {t('comment')}
        <textarea name="comment" required minLength={5} maxLength={2000} />
      </label>
      <button type="submit">{t('acceptButton')}</button>
    </form>
  )
}

function ApproveForm(props: InvoicePageProps) {
  const suspenseOre = suspenseAmount(props)
  if (suspenseOre !== 0 || props.view.suspensePhones.length > 0) {
    return <SuspenseApproveForm {...props} suspenseOre={suspenseOre} />
  }

  return <PlainApproveForm {...props} />
}

function suspenseAmount(props: InvoicePageProps): number {
  const held = props.view.totals.filter(
    (c) => c.costCentre === props.suspenseCostCentre,
  )

  return sumOre(held.map((c) => c.exVatOre + c.vatOre))
}

/** Approving with money in suspense takes a reason, checked on the server. */
function SuspenseApproveForm(
  props: InvoicePageProps & { suspenseOre: number },
) {
  const { page, view } = props
  const { t } = page
  const phones = view.suspensePhones

  return (
    <form
      method="post"
      action={`/invoices/${view.invoice.id}/approve`}
      class="stack card"
      data-suspense="unconfirmed"
    >
      <div class="notice error" role="alert">
        <p>
          {t('suspenseWarning', {
            amount: kr(props.suspenseOre),
            n: phones.length,
          })}
        </p>
        <ul>
          {phones.map((p) => (
            <li class="nowrap">{formatPhone(p)}</li>
          ))}
        </ul>
        <p>
          <a href="/attention">{t('suspenseFix')}</a>
        </p>
      </div>
      <CsrfField page={page} />
      <label>
        {t('suspenseComment')}
        <textarea
          name="suspenseComment"
          required
          minLength={5}
          maxLength={2000}
        />
      </label>
      <button type="submit" class="danger">
        {t('approveAnyway')}
      </button>
      <span class="muted">{t('approveLead')}</span>
    </form>
  )
}

function PlainApproveForm({ page, view }: InvoicePageProps) {
  const { t } = page

  return (
    <form
      method="post"
      action={`/invoices/${view.invoice.id}/approve`}
      class="inline-actions"
    >
      <CsrfField page={page} />
      <button type="submit" class="primary">
        {t('approveButton')}
      </button>
      <span class="muted">{t('approveLead')}</span>
    </form>
  )
}

function Allocation(props: InvoicePageProps) {
  const { t } = props.page
  const totals = props.view.totals

  return (
    <section aria-labelledby="allocation">
      <h2 id="allocation">{t('allocationTitle')}</h2>
      <table class="data" id="allocation-table">
        <thead>
          <tr>
            <th>{t('costCentre')}</th>
            <th class="num">{t('exVat')}</th>
            <th class="num">{t('vat')}</th>
            <th class="num">{t('total')}</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((c) => (
            <AllocationRow {...props} total={c} />
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>{t('total')}</th>
            <td class="num">{kr(sumOre(totals.map((c) => c.exVatOre)))}</td>
            <td class="num">{kr(sumOre(totals.map((c) => c.vatOre)))}</td>
            <td class="num">
              {kr(sumOre(totals.map((c) => c.exVatOre + c.vatOre)))}
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  )
}

function AllocationRow(props: InvoicePageProps & { total: CostCentreTotal }) {
  const c = props.total
  const suspense = c.costCentre === props.suspenseCostCentre
  const name = suspense ? props.page.t('suspense') : (c.name ?? '')

  return (
    <tr
      class={suspense ? 'suspense' : undefined}
      data-cost-centre={c.costCentre}
    >
      <td>
        <span class="code">{c.costCentre}</span> {name}
        {suspense && props.canWork && (
          <>
            {' '}
            <a href="/attention">{props.page.t('navAttention')}</a>
          </>
        )}
      </td>
      <td class="num">{kr(c.exVatOre)}</td>
      <td class="num">{kr(c.vatOre)}</td>
      <td class="num">{kr(c.exVatOre + c.vatOre)}</td>
    </tr>
  )
}

const EXPORTS = [
  ['cost-centres.xlsx', 'exportCostCentresXlsx'],
  ['cost-centres.csv', 'exportCostCentresCsv'],
  ['subscriptions.xlsx', 'exportSubscriptionsXlsx'],
  ['subscriptions.csv', 'exportSubscriptionsCsv'],
  ['journal.csv', 'exportJournal'],
] as const

function Exports({ page, view }: InvoicePageProps) {
  return (
    <section aria-labelledby="exports">
      <h2 id="exports">{page.t('exportsTitle')}</h2>
      <ul class="exports">
        {EXPORTS.map(([file, label]) => (
          <li>
            <a href={`/invoices/${view.invoice.id}/exports/${file}`} download>
              {page.t(label)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Subscriptions(props: InvoicePageProps) {
  const { t } = props.page

  return (
    <section aria-labelledby="subscriptions">
      <h2 id="subscriptions">{t('subscriptionsTitle')}</h2>
      <table class="data">
        <thead>
          <tr>
            <th>{t('phone')}</th>
            <th>{t('user')}</th>
            <th class="num">{t('vatBase')}</th>
            <th class="num">{t('vatFree')}</th>
            <th class="num">{t('vat')}</th>
            <th class="num">{t('total')}</th>
          </tr>
        </thead>
        {props.view.subscriptions.map((s) => (
          <SubscriptionRows page={props.page} subscription={s} />
        ))}
      </table>
    </section>
  )
}

function SubscriptionRows(props: {
  page: PageContext
  subscription: SubscriptionView
}) {
  const { t } = props.page
  const s = props.subscription

  return (
    <tbody class="subscription">
      <tr>
        <td class="nowrap">{formatPhone(s.phone)}</td>
        <td>{s.user}</td>
        <td class="num">{kr(s.vatBaseOre)}</td>
        <td class="num">{kr(s.vatFreeOre)}</td>
        <td class="num">{kr(s.vatOre)}</td>
        <td class="num strong">{kr(s.totalOre)}</td>
      </tr>
      <tr class="lines">
        <td colSpan={6}>
          <details>
            <summary>
              {t('linesOf')} ({s.lines.length})
            </summary>
            <table class="data compact">
              <tbody>
                {s.lines.map((l) => (
                  <tr>
                    <td class="muted">{l.section}</td>
                    <td>{l.description}</td>
                    <td class="muted nowrap">
                      {l.periodStart
                        ? `${formatDate(l.periodStart)}–${formatDate(l.periodEnd)}`
                        : ''}
                    </td>
                    <td class="num">{kr(l.netOre)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </td>
      </tr>
    </tbody>
  )
}
