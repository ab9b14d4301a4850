import type { Problem } from '../../domain/invoice.js'
import type {
  CostCentre,
  Employee,
  PhoneAssignment,
  StoredNumberRule,
} from '../../store/register.js'
import type { PageContext } from '../page.js'
import { formatDate, formatPhone } from './format.js'
import { CsrfField, Layout, Notice, Problems } from './layout.js'

export function EmployeesPage(props: {
  page: PageContext
  employees: Employee[]
  assignments: PhoneAssignment[]
  canEdit: boolean
  /** People whose processing is restricted (GDPR art. 18). */
  restricted?: ReadonlySet<string>
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('employeesTitle')}>
      <div class="title-row">
        <h1>{t('employeesTitle')}</h1>
        {props.canEdit && (
          <a class="button" href="/register/import">
            {t('navImport')}
          </a>
        )}
      </div>
      {props.employees.length === 0 ? (
        <p class="empty">{t('employeesEmpty')}</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              <th>{t('employeeNo')}</th>
              <th>{t('name')}</th>
              <th>{t('costCentre')}</th>
              <th>{t('department')}</th>
              <th>{t('numbers')}</th>
              <th>{t('endDate')}</th>
            </tr>
          </thead>
          <tbody>
            {props.employees.map((e) => (
              <tr>
                <td class="code">{e.employeeNo ?? ''}</td>
                <td>
                  <a href={`/register/employees/${e.id}`}>{e.name}</a>
                  {props.restricted?.has(e.id) && (
                    <span class="badge" data-restricted="yes">
                      {' '}
                      {t('restrictedLabel')}
                    </span>
                  )}
                </td>
                <td>{e.costCentre ?? ''}</td>
                <td>{e.department ?? ''}</td>
                <td>
                  <Numbers
                    assignments={props.assignments.filter(
                      (a) => a.employeeId === e.id,
                    )}
                  />
                </td>
                <td>{e.endDate ? formatDate(e.endDate) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  )
}

function Numbers(props: { assignments: PhoneAssignment[] }) {
  return (
    <ul class="plain">
      {props.assignments.map((a) => (
        <li class="nowrap">
          {formatPhone(a.phone)}{' '}
          <span class="muted">{validity(a.validFrom, a.validTo)}</span>
        </li>
      ))}
    </ul>
  )
}

function validity(from: string | null, to: string | null): string {
  if (!from && !to) return ''

  return `${from ? formatDate(from) : ''}–${to ? formatDate(to) : ''}`
}

export function EmployeePage(props: {
  page: PageContext
  employee: Employee
  assignments: PhoneAssignment[]
  costCentres: CostCentre[]
  canEdit: boolean
  notice: string | null
  problems: Problem[]
}) {
  const { t } = props.page
  const e = props.employee

  return (
    <Layout page={props.page} title={e.name}>
      <h1>{e.name}</h1>
      <Notice text={props.notice} />
      <Problems problems={props.problems} />
      <div class="columns">
        <EmployeeForm {...props} />
        <section class="card">
          <h2>{t('numbers')}</h2>
          <Numbers assignments={props.assignments} />
          {props.canEdit && <NumberForm page={props.page} employee={e} />}
        </section>
      </div>
    </Layout>
  )
}

function EmployeeForm(props: {
  page: PageContext
  employee: Employee
  costCentres: CostCentre[]
  canEdit: boolean
}) {
  const { t } = props.page
  const e = props.employee

  return (
    <form
      method="post"
      action={`/register/employees/${e.id}`}
      class="stack card"
    >
      <h2>{t('editEmployeeTitle')}</h2>
      <CsrfField page={props.page} />
      <fieldset disabled={!props.canEdit}>
        <label>
          {t('employeeNo')}
          <input name="employeeNo" value={e.employeeNo ?? ''} maxLength={40} />
        </label>
        <label>
          {t('name')}
          <input name="name" value={e.name} required maxLength={200} />
        </label>
        <label>
          {t('email')}
          <input type="email" name="email" value={e.email ?? ''} />
        </label>
        <label>
          {t('department')}
          <input name="department" value={e.department ?? ''} maxLength={200} />
        </label>
        <label>
          {t('costCentre')}
          <select name="costCentre">
            <option value="">–</option>
            {props.costCentres.map((c) => (
              <option value={c.code} selected={c.code === e.costCentre}>
                {c.code} {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('endDate')}
          <input type="date" name="endDate" value={e.endDate ?? ''} />
        </label>
        <button type="submit" class="primary">
          {t('saveButton')}
        </button>
      </fieldset>
    </form>
  )
}

function NumberForm(props: { page: PageContext; employee: Employee }) {
  const { t } = props.page

  return (
    <form
      method="post"
      action={`/register/employees/${props.employee.id}/numbers`}
      class="stack"
    >
      <h3>{t('addNumberTitle')}</h3>
      <CsrfField page={props.page} />
      <label>
        {t('phone')}
        <input name="phone" required maxLength={30} inputMode="tel" />
      </label>
      <div class="grid-2">
        <label>
          {t('validFrom')}
          <input type="date" name="validFrom" />
        </label>
        <label>
          {t('validTo')}
          <input type="date" name="validTo" />
        </label>
      </div>
      <button type="submit">{t('assignButton')}</button>
    </form>
  )
}

export function CostCentresPage(props: {
  page: PageContext
  costCentres: CostCentre[]
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('costCentresTitle')}>
      <h1>{t('costCentresTitle')}</h1>
      <table class="data narrow-table">
        <thead>
          <tr>
            <th>{t('code')}</th>
            <th>{t('name')}</th>
            <th>{t('active')}</th>
          </tr>
        </thead>
        <tbody>
          {props.costCentres.map((c) => (
            <tr>
              <td class="code">{c.code}</td>
              <td>{c.name}</td>
              <td>{c.active ? t('yes') : t('no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}

export function ImportPage(props: {
  page: PageContext
  summary: string | null
  problems: Problem[]
  refused: boolean
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('importTitle')}>
      <h1>{t('importTitle')}</h1>
      <Notice text={props.summary} />
      <Problems
        problems={props.problems}
        title={props.refused ? t('uploadRefused') : t('importProblems')}
      />
      <form
        method="post"
        action="/register/import"
        enctype="multipart/form-data"
        class="stack card"
      >
        <p class="lead">{t('importLead')}</p>
        <CsrfField page={props.page} />
        <label>
          {t('uploadFile')}
          <input type="file" name="file" required accept=".xlsx,.csv" />
        </label>
        <button type="submit" class="primary">
          {t('importButton')}
        </button>
      </form>
    </Layout>
  )
}

export function RulesPage(props: {
  page: PageContext
  rules: StoredNumberRule[]
  costCentres: CostCentre[]
  canEdit: boolean
  notice: string | null
  problems: Problem[]
}) {
  const { t } = props.page

  return (
    <Layout page={props.page} title={t('rulesTitle')}>
      <h1>{t('rulesTitle')}</h1>
      <p class="lead">{t('rulesLead')}</p>
      <Notice text={props.notice} />
      <Problems problems={props.problems} />
      {props.rules.length === 0 ? (
        <p class="empty">{t('rulesEmpty')}</p>
      ) : (
        <RuleTable page={props.page} rules={props.rules} />
      )}
      {props.canEdit && <RuleForm {...props} />}
    </Layout>
  )
}

function RuleTable(props: { page: PageContext; rules: StoredNumberRule[] }) {
  const { t } = props.page

  return (
    <table class="data">
      <thead>
        <tr>
          <th>{t('phone')}</th>
          <th>{t('label')}</th>
          <th>{t('split')}</th>
          <th>{t('validFrom')}</th>
          <th>{t('validTo')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rules.map((r) => (
          <tr>
            <td class="nowrap">{formatPhone(r.phone)}</td>
            <td>{r.label}</td>
            <td>
              {r.parts
                .map((p) => `${p.costCentre}: ${percent(p.weight)} %`)
                .join(', ')}
            </td>
            <td>{r.validFrom ? formatDate(r.validFrom) : ''}</td>
            <td>{r.validTo ? formatDate(r.validTo) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function percent(weight: number): string {
  const whole = Math.floor(weight / 100)
  const rest = weight % 100

  return rest === 0 ? `${whole}` : `${whole},${String(rest).padStart(2, '0')}`
}

/** Up to three parts; one part at 100 % is a fixed cost centre. */
const RULE_PARTS = [0, 1, 2]

function RuleForm(props: { page: PageContext; costCentres: CostCentre[] }) {
  const { t } = props.page

  return (
    <form method="post" action="/register/rules" class="stack card">
      <h2>{t('newRuleTitle')}</h2>
      <CsrfField page={props.page} />
      <div class="grid-2">
        <label>
          {t('phone')}
          <input name="phone" required maxLength={30} inputMode="tel" />
        </label>
        <label>
          {t('label')}
          <input name="label" required maxLength={200} />
        </label>
        <label>
          {t('validFrom')}
          <input type="date" name="validFrom" />
        </label>
        <label>
          {t('validTo')}
          <input type="date" name="validTo" />
        </label>
      </div>
      {RULE_PARTS.map((i) => (
        <div class="grid-2">
          <label>
            {t('costCentre')}
            <select name={`costCentre${i}`}>
              <option value="">–</option>
              {props.costCentres.map((c) => (
                <option value={c.code}>
                  {c.code} {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('percent')}
            <input
              name={`percent${i}`}
              inputMode="decimal"
              maxLength={6}
              placeholder={i === 0 ? '100' : ''}
            />
          </label>
        </div>
      ))}
      <button type="submit" class="primary">
        {t('addRuleButton')}
      </button>
    </form>
  )
}
