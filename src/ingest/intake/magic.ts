import { latin1, startsWith } from './bytes.js'

export const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

/** What the first bytes of a file say it is, by its magic number. */
export type Container = 'pdf' | 'zip' | 'cfb' | 'xml' | 'text' | 'unknown'

export function sniff(bytes: Uint8Array): Container {
  if (startsWith(bytes, '%PDF-')) return 'pdf'
  if (startsWith(bytes, 'PK\u0003\u0004')) return 'zip'
  if (startsWith(bytes, CFB_SIGNATURE)) return 'cfb'
  const head = latin1(bytes, 0, 64).replace(/^(\u00ef\u00bb\u00bf)?\s*/, '')
  if (head.startsWith('<')) return 'xml'
  if (!bytes.subarray(0, 8192).includes(0)) return 'text'

  return 'unknown'
}

/** A short, log-safe description of a file's first bytes. */
export function describeMagic(bytes: Uint8Array): string {
  const kind = sniff(bytes)
  const head = latin1(bytes, 0, 8).replace(/[^\x20-\x7e]/g, '.')

  return `${kind} (${JSON.stringify(head)})`
}
