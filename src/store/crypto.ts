import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
} from 'node:crypto'

/**
 * AES-256-GCM with a fresh 96-bit IV per message. A sealed message is
 * `iv | tag | ciphertext`; flipping any byte makes opening it fail.
 */
const IV_BYTES = 12
const TAG_BYTES = 16

export function seal(
  key: Buffer,
  plaintext: Uint8Array,
  aad?: Uint8Array,
): Buffer {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  if (aad) cipher.setAAD(aad)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])

  return Buffer.concat([iv, cipher.getAuthTag(), body])
}

export function open(
  key: Buffer,
  sealed: Uint8Array,
  aad?: Uint8Array,
): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES)
    throw new Error('sealed data is truncated')

  const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
  const decipher = createDecipheriv(
    'aes-256-gcm',
    key,
    data.subarray(0, IV_BYTES),
  )
  decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
  if (aad) decipher.setAAD(aad)

  return Buffer.concat([
    decipher.update(data.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ])
}

/** Reads a 32-byte key written as 64 hex digits or base64. */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim()
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64')
  if (key.length !== 32)
    throw new Error('a key must be 32 bytes (64 hex digits or base64)')

  return key
}

/** A short, stable, non-secret name for a key. */
export function keyId(key: Buffer): string {
  return createHash('sha256')
    .update('telekost-key-id')
    .update(key)
    .digest('hex')
    .slice(0, 16)
}

/** A 32-byte key for one purpose, derived from the master key (HKDF). */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, '', purpose, 32))
}
