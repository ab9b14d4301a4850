import type { ComponentChildren } from 'preact'
import type { SubjectRequest } from '../../privacy/requests.js'
import { REQUEST_TYPES } from '../../privacy/requests.js'
import type { Employee } from '../../store/register.js'
import type { StoredExport, SubjectState } from '../../store/requests.js'
import type { MessageKey } from '../i18n.js'
import type { PageContext } from '../page.js'
import { CsrfField, Layout, Problems } from './layout.js'

const STATUS_KEY: Record<string, MessageKey> = {
  open: 'requestStatusOpen',
  extended: 'requestStatusExtended',
  done: 'requestStatusDone',
  refused: 'requestStatusRefused',
}

function statusLabel(page: PageContext, status: string): string {
  const key = STATUS_KEY[status]

  return key ? page.t(key) : status
}

const TYPE_KEY: Record<string, MessageKey> = {
  access: 'requestTypeAccess',
  rectification: 'requestTypeRectification',
  erasure: 'requestTypeErasure',
  restriction: 'requestTypeRestriction',
  portability: 'requestTypePortability',
  objection: 'requestTypeObjection',
}

export function RequestsPage(props: {
  page: PageContext
  requests: SubjectRequest[]
  employees: Employee[]
  restricted: Set<string>
  problems: ReadonlyArray<{ code: string; message: string }>
}) {
  const { page } = props
  const names = new Map(props.employees.map((e) => [e.id, e.name]))
  const overdue = props.requests.filter((r) => r.urgency === 'overdue')
  const soon = props.requests.filter((r) => r.urgency === 'soon')

  return (
    <Layout page={page} title={page.t('privacyRequestsTitle')}>
      <h1>{page.t('privacyRequestsTitle')}</h1>
      <Problems problems={props.problems} />
      {overdue.length > 0 && (
        <p class="notice error" role="alert" data-urgency="overdue">
          {page.t('requestsOverdue', { n: overdue.length })}
        </p>
      )}
      {soon.length > 0 && (
        <p class="notice" role="status" data-urgency="soon">
          {page.t('requestsSoon', { n: soon.length })}
        </p>
      )}
      {props.requests.length === 0 && (
        <p class="muted">{page.t('requestEmpty')}</p>
      )}
      {props.requests.length > 0 && (
        <table class="data">
          <thead>
            <tr>
              <th>{page.t('requestType')}</th>
              <th>{page.t('requestPerson')}</th>
              <th>{page.t('requestReceived')}</th>
              <th>{page.t('requestDeadline')}</th>
              <th>{page.t('requestStatus')}</th>
              <th>{page.t('requestHandledBy')}</th>
            </tr>
          </thead>
          <tbody>
            {props.requests.map((r) => (
              <tr data-urgency={r.urgency} class={`urgency-${r.urgency}`}>
                <td>
                  <a href={`/privacy/requests/${r.id}`}>
                    {page.t(TYPE_KEY[r.type] ?? 'requestTypeAccess')}
                  </a>
                </td>
                <td>
                  {names.get(r.employeeId) ?? '–'}
                  {props.restricted.has(r.employeeId) && (
                    <span class="badge"> {page.t('restrictedLabel')}</span>
                  )}
                </td>
                <td>{r.receivedOn}</td>
                <td>
                  {r.deadline}
                  {r.urgency === 'overdue' && (
                    <strong> {page.t('urgencyOverdue')}</strong>
                  )}
                  {r.urgency === 'soon' && (
                    <strong> {page.t('urgencySoon')}</strong>
                  )}
                </td>
                <td data-status={r.status}>{statusLabel(page, r.status)}</td>
                <td>{r.handledBy ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewRequestForm page={page} employees={props.employees} />
    </Layout>
  )
}

function NewRequestForm(props: { page: PageContext; employees: Employee[] }) {
  const { page } = props

  return (
    <form method="post" action="/privacy/requests" class="card stack">
      <h2>{page.t('requestNew')}</h2>
      <CsrfField page={page} />
      <label>
        {page.t('requestType')}
        <select name="type">
          {REQUEST_TYPES.map((type) => (
            <option value={type}>{page.t(TYPE_KEY[type]!)}</option>
          ))}
        </select>
      </label>
      <label>
        {page.t('requestPerson')}
        <select name="employeeId" required>
          <option value="">{page.t('chooseEmployee')}</option>
          {props.employees.map((e) => (
            <option value={e.id}>{e.name}</option>
          ))}
        </select>
      </label>
      <label>
        {page.t('requestReceived')}
        <input type="date" name="receivedOn" required />
      </label>
      <label>
        {page.t('requestNotes')}
        <textarea name="notes" maxLength={2000} />
      </label>
      <button type="submit">{page.t('requestRegister')}</button>
    </form>
  )
}

export function RequestPage(props: {
  page: PageContext
  request: SubjectRequest
  person: Employee | null
  state: SubjectState | null
  exports: StoredExport[]
}) {
  const { page, request: r, person, state } = props
  const open = r.urgency !== 'closed'

  return (
    <Layout page={page} title={page.t('privacyRequestsTitle')}>
      <p>
        <a href="/privacy/requests">← {page.t('privacyRequestsTitle')}</a>
      </p>
      <h1>
        {page.t(TYPE_KEY[r.type] ?? 'requestTypeAccess')}:{' '}
        {person?.name ?? state?.pseudonym ?? '–'}
      </h1>
      {state?.restrictedAt && (
        <p class="notice" data-restricted="yes">
          {page.t('restrictedLabel')}
          {state.restrictionReason ? `: ${state.restrictionReason}` : ''}
        </p>
      )}
      {state?.erasedAt && (
        <p class="notice" data-erased="yes">
          {page.t('requestErased', { date: state.keepUntil ?? '–' })}
        </p>
      )}
      <RequestFacts page={page} request={r} />
      {props.exports.length > 0 && (
        <ExportList page={page} exports={props.exports} />
      )}
      {open && person && (
        <Actions page={page} request={r} person={person} state={state} />
      )}
      {open ? (
        <CloseForms page={page} request={r} />
      ) : (
        <p class="muted" data-closed="yes">
          {page.t('requestClosedNote')}
        </p>
      )}
    </Layout>
  )
}

function RequestFacts(props: { page: PageContext; request: SubjectRequest }) {
  const { page, request: r } = props

  return (
    <dl class="card grid-2">
      <Fact label={page.t('requestReceived')}>{r.receivedOn}</Fact>
      <Fact label={page.t('requestDeadline')}>
        <span data-urgency={r.urgency}>{r.deadline}</span>
        {r.urgency === 'overdue' && (
          <strong> {page.t('urgencyOverdue')}</strong>
        )}
        {r.urgency === 'soon' && <strong> {page.t('urgencySoon')}</strong>}
      </Fact>
      <Fact label={page.t('requestStatus')}>
        <span data-status={r.status}>{statusLabel(page, r.status)}</span>
      </Fact>
      <Fact label={page.t('requestHandledBy')}>{r.handledBy ?? '–'}</Fact>
      {r.extensionReason && (
        <Fact label={page.t('requestExtensionReason')}>
          {r.extensionReason}
        </Fact>
      )}
      <Fact label={page.t('requestNotes')}>{r.notes ?? '–'}</Fact>
    </dl>
  )
}

function Fact(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  )
}

function ExportList(props: { page: PageContext; exports: StoredExport[] }) {
  const { page } = props

  return (
    <section class="card">
      <h2>{page.t('requestExports')}</h2>
      <ul>
        {props.exports.map((e) => (
          <li>
            <a href={`/privacy/exports/${e.id}`} data-format={e.format}>
              {page.t('requestDownload')} {e.format.toUpperCase()}
            </a>{' '}
            <span class="muted">
              ({e.createdAt.slice(0, 16).replace('T', ' ')} UTC)
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Actions(props: {
  page: PageContext
  request: SubjectRequest
  person: Employee
  state: SubjectState | null
}) {
  const { page, request: r, person, state } = props
  const base = `/privacy/requests/${r.id}`

  return (
    <>
      <form method="post" action={`${base}/export`} class="inline-actions">
        <CsrfField page={page} />
        <button type="submit" class="primary">
          {page.t('requestExport')}
        </button>
      </form>
      <RectifyForm page={page} base={base} person={person} />
      <RestrictForm page={page} base={base} state={state} />
      {r.type === 'erasure' && !state?.erasedAt && (
        <form method="post" action={`${base}/erase`} class="card stack">
          <h2>{page.t('requestErase')}</h2>
          <CsrfField page={page} />
          <label class="check">
            <span>
              <input type="checkbox" name="confirm" value="yes" required />{' '}
              {page.t('requestEraseConfirm')}
            </span>
          </label>
          <button type="submit" class="danger">
            {page.t('requestErase')}
          </button>
        </form>
      )}
    </>
  )
}

function RectifyForm(props: {
  page: PageContext
  base: string
  person: Employee
}) {
  const { page, person } = props

  return (
    <form method="post" action={`${props.base}/rectify`} class="card stack">
      <h2>{page.t('requestRectify')}</h2>
      <CsrfField page={page} />
      <div class="grid-2">
        <label>
          {page.t('name')}
          <input name="name" value={person.name} required maxLength={200} />
        </label>
        <label>
          {page.t('email')}
          <input
            name="email"
            type="email"
            value={person.email ?? ''}
            maxLength={200}
          />
        </label>
        <label>
          {page.t('department')}
          <input
            name="department"
            value={person.department ?? ''}
            maxLength={200}
          />
        </label>
        <label>
          {page.t('employeeNo')}
          <input
            name="employeeNo"
            value={person.employeeNo ?? ''}
            maxLength={40}
          />
        </label>
      </div>
      <label>
        {page.t('requestReason')}
        <input name="reason" required maxLength={2000} />
      </label>
      <button type="submit">{page.t('requestRectify')}</button>
    </form>
  )
}

function RestrictForm(props: {
  page: PageContext
  base: string
  state: SubjectState | null
}) {
  const { page, base, state } = props
  if (state?.erasedAt) return null
  if (state?.restrictedAt) {
    return (
      <form method="post" action={`${base}/lift-restriction`} class="card">
        <CsrfField page={page} />
        <button type="submit">{page.t('requestLift')}</button>
      </form>
    )
  }

  return (
    <form method="post" action={`${base}/restrict`} class="card stack">
      <h2>{page.t('requestRestrict')}</h2>
      <CsrfField page={page} />
      <label>
        {page.t('requestReason')}
        <input name="reason" required maxLength={2000} />
      </label>
      <button type="submit">{page.t('requestRestrict')}</button>
    </form>
  )
}

function CloseForms(props: { page: PageContext; request: SubjectRequest }) {
  const { page, request: r } = props
  const base = `/privacy/requests/${r.id}`

  return (
    <div class="grid-2">
      {!r.extendedDueOn && (
        <form method="post" action={`${base}/extend`} class="card stack">
          <h2>{page.t('requestExtend')}</h2>
          <CsrfField page={page} />
          <label>
            {page.t('requestExtensionReason')}
            <input name="reason" required maxLength={2000} />
          </label>
          <button type="submit">{page.t('requestExtend')}</button>
        </form>
      )}
      <form method="post" action={`${base}/close`} class="card stack">
        <h2>{page.t('requestDone')}</h2>
        <CsrfField page={page} />
        <input type="hidden" name="status" value="done" />
        <label>
          {page.t('requestNotes')}
          <input name="notes" maxLength={2000} />
        </label>
        <button type="submit" class="primary">
          {page.t('requestDone')}
        </button>
      </form>
    </div>
  )
}
