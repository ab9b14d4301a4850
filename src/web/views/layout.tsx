import type { ComponentChildren } from 'preact'
import type { PageContext } from '../page.js'
import type { MessageKey } from '../i18n.js'
import type { Role } from '../../security/roles.js'

interface NavItem {
  href: string
  label: MessageKey
  roles: readonly Role[]
  /** Oversight pages sit in a second, quieter row under the daily work. */
  oversight?: true
}

const WORKERS: readonly Role[] = ['admin', 'accountant']
const READERS: readonly Role[] = ['admin', 'accountant', 'auditor', 'manager']
const REGISTER: readonly Role[] = ['admin', 'accountant', 'auditor', 'privacy']
const EVERYONE: readonly Role[] = [
  'admin',
  'accountant',
  'manager',
  'privacy',
  'auditor',
]

const NAV: NavItem[] = [
  { href: '/invoices', label: 'navInvoices', roles: READERS },
  { href: '/invoices/upload', label: 'navUpload', roles: WORKERS },
  { href: '/attention', label: 'navAttention', roles: WORKERS },
  { href: '/register/employees', label: 'navEmployees', roles: REGISTER },
  { href: '/register/cost-centres', label: 'navCostCentres', roles: REGISTER },
  { href: '/register/rules', label: 'navRules', roles: REGISTER },
  { href: '/register/import', label: 'navImport', roles: WORKERS },
  {
    href: '/privacy/requests',
    label: 'navPrivacyRequests',
    roles: ['admin', 'privacy'],
    oversight: true,
  },
  {
    href: '/admin/users',
    label: 'navUsers',
    roles: ['admin'],
    oversight: true,
  },
  {
    href: '/account/sessions',
    label: 'navAccount',
    roles: EVERYONE,
    oversight: true,
  },
  {
    href: '/admin/security-status',
    label: 'navSecurityStatus',
    roles: ['admin'],
    oversight: true,
  },
  {
    href: '/admin/security-events',
    label: 'navSecurityEvents',
    roles: ['admin'],
    oversight: true,
  },
  {
    href: '/audit',
    label: 'navAudit',
    roles: ['admin', 'auditor'],
    oversight: true,
  },
  {
    href: '/privacy/records',
    label: 'navRecords',
    roles: ['admin', 'privacy', 'auditor'],
    oversight: true,
  },
  {
    href: '/privacy/incidents',
    label: 'navIncidents',
    roles: ['admin', 'privacy'],
    oversight: true,
  },
]

export function Layout(props: {
  page: PageContext
  title: string
  children: ComponentChildren
  scripts?: string[]
}) {
  const { page } = props

  return (
    <html lang={page.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${page.t('appName')}`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          {page.t('skipToContent')}
        </a>
        <Header page={page} />
        <main id="main">{props.children}</main>
        <Footer page={page} />
      </body>
    </html>
  )
}

/** Every page links the privacy notice, in the page's language. */
function Footer({ page }: { page: PageContext }) {
  return (
    <footer class="bottom">
      <a href={page.lang === 'nb' ? '/personvern' : '/privacy'}>
        {page.t('footerPrivacy')}
      </a>
    </footer>
  )
}

function Header({ page }: { page: PageContext }) {
  const other = page.lang === 'nb' ? 'en' : 'nb'

  return (
    <header class="top">
      <div class="top-inner">
        <a class="brand" href="/">
          {page.t('appName')}
        </a>
        {page.auth && !page.auth.user.mustChangePassword && <Nav page={page} />}
        <div class="who">
          <a href={`${page.path}?lang=${other}`} hrefLang={other}>
            {page.t('language')}
          </a>
          {page.auth && <SignedIn page={page} />}
        </div>
      </div>
      <OversightNav page={page} />
    </header>
  )
}

function Nav({ page }: { page: PageContext }) {
  const role = page.auth!.user.role
  const items = NAV.filter((item) => item.roles.includes(role))
  const work = items.filter((item) => !item.oversight)

  return (
    <nav aria-label={page.t('navMain')}>
      <NavLinks page={page} items={work} />
    </nav>
  )
}

/** The oversight pages, in a row of their own under the header. */
function OversightNav({ page }: { page: PageContext }) {
  if (!page.auth || page.auth.user.mustChangePassword) return null
  const role = page.auth.user.role
  const items = NAV.filter(
    (item) => item.oversight && item.roles.includes(role),
  )
  if (items.length === 0) return null

  return (
    <nav class="oversight" aria-label={page.t('navOversight')}>
      <div class="top-inner">
        <NavLinks page={page} items={items} />
      </div>
    </nav>
  )
}

function NavLinks(props: { page: PageContext; items: NavItem[] }) {
  const { page } = props

  return (
    <>
      {props.items.map((item) => (
        <a
          href={item.href}
          aria-current={page.path === item.href ? 'page' : undefined}
        >
          {page.t(item.label)}
        </a>
      ))}
    </>
  )
}

function SignedIn({ page }: { page: PageContext }) {
  const auth = page.auth!

  return (
    <>
      <a href="/password" title={page.t('navPassword')}>
        {auth.user.displayName}
      </a>
      <form method="post" action="/sign-out" class="inline">
        <CsrfField page={page} />
        <button type="submit" class="link">
          {page.t('signOut')}
        </button>
      </form>
    </>
  )
}

export function CsrfField({ page }: { page: PageContext }) {
  return (
    <input
      type="hidden"
      name="_csrf"
      value={page.auth?.session.csrfToken ?? ''}
    />
  )
}

export function Problems(props: {
  problems: ReadonlyArray<{ code: string; message: string }>
  title?: string
}) {
  if (props.problems.length === 0) return null

  return (
    <div class="notice error" role="alert">
      {props.title && <h2>{props.title}</h2>}
      <ul>
        {props.problems.map((p) => (
          <li data-code={p.code}>{p.message}</li>
        ))}
      </ul>
    </div>
  )
}

export function Notice(props: { text: string | null }) {
  if (!props.text) return null

  return (
    <p class="notice ok" role="status">
      {props.text}
    </p>
  )
}
