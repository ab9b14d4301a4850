import type { Problem } from '../../domain/invoice.js'
import type { MessageKey } from '../i18n.js'
import type { PageContext } from '../page.js'
import { CsrfField, Layout, Notice, Problems } from './layout.js'

/** The fields a user can point at a column, in the order asked. */
export const MAPPING_FIELDS = [
  ['phone', 'fieldPhone'],
  ['user', 'fieldUser'],
  ['section', 'fieldSection'],
  ['description', 'fieldDescription'],
  ['periodStart', 'fieldPeriodStart'],
  ['periodEnd', 'fieldPeriodEnd'],
  ['net', 'fieldNet'],
  ['vat', 'fieldVat'],
  ['total', 'fieldTotal'],
  ['invoiceNumber', 'fieldInvoiceNumber'],
  ['invoiceDate', 'fieldInvoiceDate'],
] as const satisfies ReadonlyArray<readonly [string, MessageKey]>

export interface UploadPageProps {
  page: PageContext
  problems: Problem[]
  /** Headers of a sheet whose columns were not recognised. */
  mappingHeaders: string[] | null
  duplicateId: string | null
  mappingSaved: boolean
}

export function UploadPage(props: UploadPageProps) {
  const { t } = props.page

  return (
    <Layout
      page={props.page}
      title={t('uploadTitle')}
      scripts={['/assets/upload.js']}
    >
      <h1>{t('uploadTitle')}</h1>
      <Notice text={props.mappingSaved ? t('mappingSaved') : null} />
      <Problems
        problems={props.problems.map((p) => inLanguage(props.page, p))}
        title={t('uploadRefused')}
      />
      {props.duplicateId && (
        <p>
          <a href={`/invoices/${props.duplicateId}`}>{t('duplicateOpen')}</a>
        </p>
      )}
      {props.mappingHeaders && (
        <MappingForm page={props.page} headers={props.mappingHeaders} />
      )}
      <UploadForm page={props.page} />
    </Layout>
  )
}

/** A duplicate is the one refusal this page explains in the page's language. */
function inLanguage(page: PageContext, problem: Problem): Problem {
  if (problem.code !== 'duplicate-invoice') return problem

  return { ...problem, message: page.t('duplicateExists') }
}

function UploadForm({ page }: { page: PageContext }) {
  const { t } = page

  return (
    <form
      method="post"
      action="/invoices/upload"
      enctype="multipart/form-data"
      class="stack card"
      id="upload-form"
    >
      <p class="lead">{t('uploadLead')}</p>
      <CsrfField page={page} />
      <label>
        {t('uploadFile')}
        <input type="file" name="file" required accept=".pdf,.xlsx,.xls,.xml" />
      </label>
      <progress id="upload-progress" max={100} value={0} hidden>
        {t('uploadProgress')}
      </progress>
      <button type="submit" class="primary">
        {t('uploadButton')}
      </button>
    </form>
  )
}

function MappingForm(props: { page: PageContext; headers: string[] }) {
  const { t } = props.page

  return (
    <form method="post" action="/layout-profiles" class="stack card">
      <h2>{t('mappingTitle')}</h2>
      <p class="muted">{t('mappingLead')}</p>
      <CsrfField page={props.page} />
      <label>
        {t('mappingName')}
        <input name="name" required maxLength={100} value="Telia Norge" />
      </label>
      <div class="grid-2">
        {MAPPING_FIELDS.map(([field, label]) => (
          <label>
            {t(label)}
            <select name={field}>
              <option value="">{t('mappingNone')}</option>
              {props.headers.map((h) => (
                <option value={h}>{h}</option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <button type="submit">{t('saveButton')}</button>
    </form>
  )
}
