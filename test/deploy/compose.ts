import { parse } from 'yaml'
import { readDeploy } from './paths.js'

/** The example values a deployment would put in its environment. */
export const EXAMPLE_ENV: Record<string, string> = {
  TELEKOST_DOMAIN: 'telekost.example.no',
  TELEKOST_ACME_EMAIL: 'drift@example.no',
  TELEKOST_ALERT_RECIPIENTS: 'sikkerhet@example.no',
}

export interface ComposeService {
  image?: string
  command?: string[]
  environment?: Record<string, string>
  ports?: unknown[]
  networks?: string[] | Record<string, { ipv4_address?: string } | null>
  secrets?: string[]
  volumes?: string[]
  healthcheck?: { test: string[] | string }
  deploy?: { replicas?: number }
  labels?: string[]
  read_only?: boolean
}

export interface ComposeFile {
  services: Record<string, ComposeService>
  networks: Record<
    string,
    { internal?: boolean; ipam?: { config: { subnet: string }[] } }
  >
  secrets: Record<string, { file: string }>
}

/** The compose file as docker compose sees it, variables filled in. */
export function loadCompose(env = EXAMPLE_ENV): ComposeFile {
  return parse(interpolate(readDeploy('docker-compose.prod.yml'), env))
}

/**
 * Compose's interpolation: `$$` is a dollar, `${X}`, `${X:-default}` and
 * `${X:?error}` (which fails when X is unset or empty).
 */
export function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-?])([^}]*))?\}/g,
    (whole, name: string | undefined, op?: string, arg?: string) => {
      if (whole === '$$') return '$'
      const value = env[name!]
      if (value) return value
      if (op === ':?') throw new Error(`${name} is required: ${arg}`)

      return op === ':-' ? arg! : ''
    },
  )
}

export function networksOf(service: ComposeService): string[] {
  const networks = service.networks ?? []

  return Array.isArray(networks) ? networks : Object.keys(networks)
}
