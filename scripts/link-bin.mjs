#!/usr/bin/env node
// Links this package's own command into node_modules/.bin, so that
// `npx telekost` runs the checkout's CLI right after `npm ci` instead of
// looking for a package of that name in the registry.

import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'node_modules', '.bin')
const link = join(bin, 'telekost')

mkdirSync(bin, { recursive: true })
rmSync(link, { force: true })
symlinkSync(join('..', '..', 'bin', 'telekost.js'), link)
chmodSync(join(root, 'bin', 'telekost.js'), 0o755)
