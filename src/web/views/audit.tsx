import type { AuditEntry } from '../../privacy/audit.js'
import type { PageContext } from '../page.js'
import { formatDateTime } from './format.js'
import { CsrfField, Layout } from './layout.js'

export interface AuditQueryValues {
  person: string
  user: string
  from: string
  to: string
}

interface Choice {
  id: string
  name: string
}

export function AuditPage(props: {
  page: PageContext
  entries: AuditEntry[]
  people: Choice[]
  users: Choice[]
  values: AuditQueryValues
  status: { ok: boolean; text: string } | null
}) {
  const { t } = props.page
  const query = new URLSearchParams({ ...props.values }).toString()

  return (
    <Layout page={props.page} title={t('auditTitle')}>
      <h1>{t('auditTitle')}</h1>
      <p class="lead">{t('auditLead')}</p>
      {props.status && <ChainStatus status={props.status} />}
      <FilterForm {...props} />
      <p>
        <a href={`/audit/export.csv?${query}`}>{t('auditExportCsv')}</a>
        {' · '}
        <a href={`/audit/export.json?${query}`}>{t('auditExportJson')}</a>
      </p>
      <form method="post" action="/audit/verify" class="inline">
        <CsrfField page={props.page} />
        <button type="submit">{t('auditVerify')}</button>
      </form>
      {props.entries.length === 0 ? (
        <p class="empty">{t('auditEmpty')}</p>
      ) : (
        <EntryTable page={props.page} entries={props.entries} />
      )}
    </Layout>
  )
}

function ChainStatus(props: { status: { ok: boolean; text: string } }) {
  return (
    <p
      class={props.status.ok ? 'notice ok' : 'notice error'}
      role={props.status.ok ? 'status' : 'alert'}
    >
      {props.status.text}
    </p>
  )
}

function FilterForm(props: {
  page: PageContext
  people: Choice[]
  users: Choice[]
  values: AuditQueryValues
}) {
  const { t } = props.page
  const { values } = props

  return (
    <form method="get" action="/audit" class="row-form">
      <Select
        label={t('auditPerson')}
        name="person"
        all={t('auditAll')}
        choices={props.people}
        value={values.person}
      />
      <Select
        label={t('auditUser')}
        name="user"
        all={t('auditAll')}
        choices={props.users}
        value={values.user}
      />
      <label>
        {t('auditFrom')} <input type="date" name="from" value={values.from} />
      </label>
      <label>
        {t('auditTo')} <input type="date" name="to" value={values.to} />
      </label>
      <button type="submit">{t('auditFilter')}</button>
    </form>
  )
}

function Select(props: {
  label: string
  name: string
  all: string
  choices: Choice[]
  value: string
}) {
  return (
    <label>
      {props.label}{' '}
      <select name={props.name}>
        <option value="">{props.all}</option>
        {props.choices.map((c) => (
          <option value={c.id} selected={c.id === props.value}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  )
}

function EntryTable(props: { page: PageContext; entries: AuditEntry[] }) {
  const { t } = props.page

  return (
    <table class="data compact">
      <thead>
        <tr>
          <th class="num">{t('auditColSeq')}</th>
          <th>{t('auditColAt')}</th>
          <th>{t('auditColActor')}</th>
          <th>{t('auditColAction')}</th>
          <th>{t('auditColSubject')}</th>
          <th>{t('auditColPurpose')}</th>
          <th>{t('auditColDetails')}</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr>
            <td class="num">{e.seq}</td>
            <td class="nowrap">{formatDateTime(e.at)}</td>
            <td>{e.actorName}</td>
            <td class="code">{e.action}</td>
            <td class="code">{subject(e)}</td>
            <td>{e.purpose ?? '–'}</td>
            <td class="code">{e.details}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function subject(e: AuditEntry): string {
  const id = e.subjectId ? ` ${e.subjectId}` : ''
  const person = e.personRef ? ` (person ${e.personRef})` : ''

  return `${e.subjectType}${id}${person}`
}
