import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from '../helpers/paths.js'

export const deployDir = join(repoRoot, 'deploy')

export function readDeploy(name: string): string {
  return readFileSync(join(deployDir, name), 'utf8')
}

export function readYaml(name: string): unknown {
  return parse(readDeploy(name))
}
