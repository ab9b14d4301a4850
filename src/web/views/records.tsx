import type { Problem } from '../../domain/invoice.js'
import type {
  CurrentRecord,
  ProcessingActivity,
  RetentionSetting,
} from '../../privacy/records.js'
import type { PageContext } from '../page.js'
import { formatDateTime } from './format.js'
import { CsrfField, Layout, Notice, Problems } from './layout.js'

export function RecordsPage(props: {
  page: PageContext
  current: CurrentRecord
  retention: RetentionSetting[]
  canEdit: boolean
  saved: string | null
}) {
  const { t } = props.page
  const { record } = props.current

  return (
    <Layout page={props.page} title={t('recordsTitle')}>
      <h1>{t('recordsTitle')}</h1>
      <p class="lead">{t('recordsLead')}</p>
      <Notice
        text={props.saved ? t('recordsSaved', { version: props.saved }) : null}
      />
      <p>
        <VersionLine page={props.page} current={props.current} />{' '}
        <a href="/privacy/records.pdf">{t('recordsPdf')}</a>
        {props.canEdit && (
          <>
            {' · '}
            <a href="/privacy/records/edit">{t('recordsEdit')}</a>
          </>
        )}
      </p>
      <h2>{t('recordsController')}</h2>
      <p>
        {record.controller.name}, {record.controller.organisationNumber}.{' '}
        {record.controller.address}. {record.controller.contact}
      </p>
      <h2>{t('recordsDpo')}</h2>
      <p>
        {[record.dpo.name, record.dpo.email, record.dpo.phone]
          .filter(Boolean)
          .join(', ')}
      </p>
      {record.activities.map((a) => (
        <Activity page={props.page} activity={a} />
      ))}
      <h2>{t('recordsRetentionSet')}</h2>
      <ul>
        {props.retention.map((r) => (
          <li>
            <code>{r.key}</code>: {r.value}
          </li>
        ))}
      </ul>
    </Layout>
  )
}

function VersionLine(props: { page: PageContext; current: CurrentRecord }) {
  const { t } = props.page
  const { current } = props
  if (current.version === 0) return <span>{t('recordsVersionShipped')}</span>

  return (
    <span>
      {t('recordsVersionSaved', {
        version: current.version,
        at: formatDateTime(current.savedAt ?? ''),
        by: current.savedBy ?? '–',
      })}
    </span>
  )
}

function Activity(props: { page: PageContext; activity: ProcessingActivity }) {
  const { t } = props.page
  const a = props.activity

  return (
    <section id={a.id}>
      <h2>{a.name}</h2>
      <dl>
        <dt>{t('recordsPurpose')}</dt>
        <dd>{a.purpose}</dd>
        <dt>{t('recordsLegalBasis')}</dt>
        <dd>
          <List
            items={a.legalBasis.map((b) => `${b.article}: ${b.description}`)}
          />
        </dd>
        <dt>{t('recordsCategories')}</dt>
        <dd>
          <List items={a.dataCategories} />
        </dd>
        <dt>{t('recordsSubjects')}</dt>
        <dd>
          <List items={a.dataSubjects} />
        </dd>
        <dt>{t('recordsRetention')}</dt>
        <dd>{a.retention}</dd>
        <dt>{t('recordsSources')}</dt>
        <dd>
          <List items={a.sources} />
        </dd>
        <dt>{t('recordsRecipients')}</dt>
        <dd>
          <List items={a.recipients} />
        </dd>
        <dt>{t('recordsTransfers')}</dt>
        <dd>{a.thirdCountryTransfers}</dd>
        <dt>{t('recordsMeasures')}</dt>
        <dd>
          <List items={a.securityMeasures} />
        </dd>
      </dl>
    </section>
  )
}

function List(props: { items: readonly string[] }) {
  return (
    <ul>
      {props.items.map((item) => (
        <li>{item}</li>
      ))}
    </ul>
  )
}

export function RecordEditPage(props: {
  page: PageContext
  yaml: string
  problems: Problem[]
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('recordsEditTitle')}>
      <h1>{t('recordsEditTitle')}</h1>
      <p class="lead">{t('recordsEditLead')}</p>
      <Problems problems={props.problems} />
      <form method="post" action="/privacy/records/edit">
        <CsrfField page={props.page} />
        <textarea name="yaml" rows={40} cols={100} spellcheck={false}>
          {props.yaml}
        </textarea>
        <p>
          <button type="submit">{t('saveButton')}</button>
        </p>
      </form>
    </Layout>
  )
}
