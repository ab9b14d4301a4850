import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { BlockList, isIP } from 'node:net'
import type { FastifyInstance } from 'fastify'

export const REQUEST_ID_HEADER = 'x-request-id'

const SAFE_ID = /^[A-Za-z0-9._:-]{8,64}$/

/**
 * Fastify's genReqId: the proxy's X-Request-Id when the request comes
 * straight from a trusted proxy and the id is short and plain, else a
 * random one. A client cannot pick the id its lines are logged under.
 */
export function requestIdGenerator(
  trustedProxies: readonly string[],
): (request: IncomingMessage) => string {
  const trusted = proxyList(trustedProxies)

  return (request) => {
    const sent = request.headers[REQUEST_ID_HEADER]
    const peer = request.socket?.remoteAddress ?? ''
    if (typeof sent === 'string' && SAFE_ID.test(sent) && isTrusted(peer)) {
      return sent
    }

    return randomUUID()
  }

  function isTrusted(address: string): boolean {
    const plain = address.replace(/^::ffff:/, '')
    const family = isIP(plain)
    if (family === 0) return false

    return trusted.check(plain, family === 4 ? 'ipv4' : 'ipv6')
  }
}

/** Addresses and CIDR ranges, IPv4 or IPv6, as TELEKOST_TRUSTED_PROXIES. */
function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/')
    const family = isIP(address)
    if (family === 0) continue
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (bits === undefined) list.addAddress(address, type)
    else list.addSubnet(address, Number(bits), type)
  }

  return list
}

/** Every answer names its request id, to find its log lines by. */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id)
  })
}
