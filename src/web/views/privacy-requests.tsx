import type { SubjectRequest } from '../../privacy/requests.js'
import { REQUEST_TYPES } from '../../privacy/requests.js'
import type { Employee } from '../../store/register.js'
import type { StoredExport, SubjectState } from '../../store/requests.js'
import type { MessageKey } from '../i18n.js'
import type { PageContext } from '../page.js'
import { CsrfField, Layout, Problems } from './layout.js'

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
      <table>
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
              <td>{r.status}</td>
              <td>{r.handledBy ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewRequestForm page={page} employees={props.employees} />
    </Layout>
  )
}

function NewRequestForm(props: { page: PageContext; employees: Employee[] }) {
  const { page } = props

  return (
    <form method="post" action="/privacy/requests" class="card">
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
        <select name="employeeId">
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
      <h1>
        {page.t(TYPE_KEY[r.type] ?? 'requestTypeAccess')}:{' '}
        {person?.name ?? state?.pseudonym ?? '–'}
      </h1>
      {state?.restrictedAt && (
        <p class="notice" data-restricted="yes">
          {page.t('restrictedLabel')}
        </p>
      )}
      <dl>
        <dt>{page.t('requestReceived')}</dt>
        <dd>{r.receivedOn}</dd>
        <dt>{page.t('requestDeadline')}</dt>
        <dd data-urgency={r.urgency}>{r.deadline}</dd>
        <dt>{page.t('requestStatus')}</dt>
        <dd data-status={r.status}>{r.status}</dd>
        <dt>{page.t('requestHandledBy')}</dt>
        <dd>{r.handledBy ?? ''}</dd>
        <dt>{page.t('requestNotes')}</dt>
        <dd>{r.notes ?? ''}</dd>
      </dl>
      {props.exports.length > 0 && (
        <>
          <h2>{page.t('requestExports')}</h2>
          <ul>
            {props.exports.map((e) => (
              <li>
                <a href={`/privacy/exports/${e.id}`} data-format={e.format}>
                  {e.format.toUpperCase()} ({e.createdAt.slice(0, 16)})
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {person && (
        <Actions page={page} request={r} person={person} state={state} />
      )}
      {open && <CloseForms page={page} request={r} />}
    </Layout>
  )
}

function Actions(props: {
  page: PageContext
  request: SubjectRequest
  person: Employee
  state: SubjectState | null
}) {
  const { page, request: r, person } = props
  const base = `/privacy/requests/${r.id}`

  return (
    <section>
      <form method="post" action={`${base}/export`}>
        <CsrfField page={page} />
        <button type="submit">{page.t('requestExport')}</button>
      </form>
      <form method="post" action={`${base}/rectify`} class="card">
        <h2>{page.t('requestRectify')}</h2>
        <CsrfField page={page} />
        <input name="name" value={person.name} aria-label="name" />
        <input name="email" value={person.email ?? ''} aria-label="email" />
        <input
          name="department"
          value={person.department ?? ''}
          aria-label="department"
        />
        <input
          name="employeeNo"
          value={person.employeeNo ?? ''}
          aria-label="employeeNo"
        />
        <label>
          {page.t('requestReason')}
          <input name="reason" required maxLength={2000} />
        </label>
        <button type="submit">{page.t('requestRectify')}</button>
      </form>
      {props.state?.restrictedAt ? (
        <form method="post" action={`${base}/lift-restriction`}>
          <CsrfField page={page} />
          <button type="submit">{page.t('requestLift')}</button>
        </form>
      ) : (
        <form method="post" action={`${base}/restrict`}>
          <CsrfField page={page} />
          <input name="reason" aria-label={page.t('requestReason')} />
          <button type="submit">{page.t('requestRestrict')}</button>
        </form>
      )}
      <form method="post" action={`${base}/erase`}>
        <CsrfField page={page} />
        <button type="submit" class="danger">
          {page.t('requestErase')}
        </button>
      </form>
    </section>
  )
}

function CloseForms(props: { page: PageContext; request: SubjectRequest }) {
  const { page, request: r } = props
  const base = `/privacy/requests/${r.id}`

  return (
    <section>
      {!r.extendedDueOn && (
        <form method="post" action={`${base}/extend`}>
          <CsrfField page={page} />
          <input name="reason" aria-label={page.t('requestReason')} required />
          <button type="submit">{page.t('requestExtend')}</button>
        </form>
      )}
      <form method="post" action={`${base}/close`}>
        <CsrfField page={page} />
        <input type="hidden" name="status" value="done" />
        <input name="notes" aria-label={page.t('requestNotes')} />
        <button type="submit">{page.t('requestDone')}</button>
      </form>
    </section>
  )
}
