import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext, Page } from 'playwright-core'
import { testConfig } from '../../src/config.js'
import type { Config } from '../../src/config.js'
import { startServer } from '../../src/web/server.js'
import type { RunningServer } from '../../src/web/server.js'

/** The first administrator's password on every browser test's server. */
export const ADMIN_PASSWORD = 'et langt passord for testen'

/** Screenshots go here as `telekost-<name>.png`. */
export const SHOTS = '/tmp'

/** Headless, and nothing that talks to any host but the test server. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A port free on loopback right now, found by binding to port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

export interface TestServer {
  server: RunningServer
  /** `http://localhost:<port>`, the origin the app expects. */
  origin: string
  close(): Promise<void>
}

/**
 * The real server on a free loopback port, on a fresh data folder (and a
 * fresh schema when TELEKOST_TEST_DATABASE_URL is set), with the first
 * administrator signed up as `admin` / ADMIN_PASSWORD.
 */
export async function startTestServer(
  overrides: Partial<Config> = {},
  prefix = 'telekost-e2e-',
): Promise<TestServer> {
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const dataDir = await mkdtemp(join(tmpdir(), prefix))
  const config = testConfig(dataDir, {
    host: '127.0.0.1',
    port,
    origin,
    adminPassword: ADMIN_PASSWORD,
    ...overrides,
  })
  const server = await startServer(config, { handleSignals: false }).catch(
    async (error: unknown) => {
      await rm(dataDir, { recursive: true, force: true })
      throw error
    },
  )

  return {
    server,
    origin,
    async close() {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

export interface TestBrowser {
  browser: BrowserContext
  page: Page
  close(): Promise<void>
}

/**
 * Chromium from TELEKOST_CHROMIUM or /usr/bin/chromium, on a fresh
 * profile folder each run so nothing carries over from an earlier run.
 */
export async function launchBrowser(
  options: { acceptDownloads?: boolean } = {},
): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'telekost-chromium-'))
  const browser = await chromium
    .launchPersistentContext(profile, {
      executablePath: process.env['TELEKOST_CHROMIUM'] ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
    })
    .catch(async (error: unknown) => {
      await rm(profile, { recursive: true, force: true })
      throw error
    })
  const page = await browser.newPage()

  return {
    browser,
    page,
    async close() {
      await browser.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/** Fills the sign-in form the page shows and submits it. */
export async function submitSignIn(
  page: Page,
  username: string,
  password: string,
): Promise<void> {
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('button[type=submit]')
}

/** Opens the sign-in page and signs in; the caller waits for where it goes. */
export async function signIn(
  page: Page,
  origin: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${origin}/sign-in`)
  await submitSignIn(page, username, password)
}

/** The whole page as `/tmp/telekost-<name>.png`. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: join(SHOTS, `telekost-${name}.png`),
    fullPage: true,
  })
}
