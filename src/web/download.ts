/**
 * `Content-Disposition: attachment` per RFC 6266: an ASCII fallback name
 * and the real name percent-encoded as UTF-8.
 */
export function attachment(filename: string): string {
  const fallback = filename
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\;]/g, '_')
    .trim()
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )

  return `attachment; filename="${fallback || 'telekost'}"; filename*=UTF-8''${encoded}`
}
