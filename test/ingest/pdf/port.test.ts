import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { portPair } from '../../../src/ingest/pdf/port.js'
import type { PdfPort } from '../../../src/ingest/pdf/port.js'

/** The next message `port` receives. */
function nextMessage(port: PdfPort): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    port.addEventListener('message', function listener({ data }) {
      port.removeEventListener('message', listener)
      resolve(data as Record<string, unknown>)
    })
  })
}

function textRequest(streamId: number) {
  return {
    sourceName: 'd0',
    targetName: 'd0_worker',
    action: 'GetTextContent',
    streamId,
    data: {},
  }
}

function textChunk(streamId: number, content: object) {
  return {
    sourceName: 'd0_worker',
    targetName: 'd0',
    stream: 4,
    streamId,
    chunk: content,
  }
}

describe('in-thread pdf.js ports', () => {
  it('hands over a text chunk with the items it held when sent', async () => {
    const [api, parser] = portPair()
    api.postMessage(textRequest(1))
    await nextMessage(parser)
    const content = { items: [{ str: 'Total' }], styles: {}, lang: null }
    const received = nextMessage(api)
    parser.postMessage(textChunk(1, content))
    content.items = []

    const { chunk } = await received
    assert.deepEqual((chunk as typeof content).items, [{ str: 'Total' }])
  })

  it('clones a chunk of a stream that is not text content', async () => {
    const [api, parser] = portPair()
    const content = { items: [{ str: 'Total' }] }
    const received = nextMessage(api)
    parser.postMessage(textChunk(7, content))
    content.items[0]!.str = 'endret'

    const { chunk } = await received
    assert.deepEqual(chunk, { items: [{ str: 'Total' }] })
  })

  it('clones every other message as a real port would', async () => {
    const [api, parser] = portPair()
    const data = { pageIndex: 0, nested: { view: [0, 0, 595, 842] } }
    const received = nextMessage(parser)
    api.postMessage({ action: 'GetPage', data })
    data.nested.view[2] = 1

    const message = await received
    assert.deepEqual(message['data'], {
      pageIndex: 0,
      nested: { view: [0, 0, 595, 842] },
    })
  })

  it('refuses to send what a real port cannot clone', () => {
    const [api] = portPair()

    assert.throws(() => api.postMessage({ action: 'x', data: () => 1 }))
  })

  it('delivers in the order messages were sent', async () => {
    const [api, parser] = portPair()
    const seen: unknown[] = []
    parser.addEventListener('message', ({ data }) => seen.push(data))
    for (let n = 0; n < 5; n++) api.postMessage({ n })
    await new Promise((resolve) => setImmediate(resolve))

    assert.deepEqual(
      seen,
      [0, 1, 2, 3, 4].map((n) => ({ n })),
    )
  })

  it("stops listening when the listener's signal aborts", async () => {
    const [api, parser] = portPair()
    const seen: unknown[] = []
    const abort = new AbortController()
    parser.addEventListener('message', ({ data }) => seen.push(data), {
      signal: abort.signal,
    })
    abort.abort()
    api.postMessage({ n: 1 })
    await new Promise((resolve) => setImmediate(resolve))

    assert.deepEqual(seen, [])
  })

  it('delivers nothing after either end is terminated', async () => {
    const [api, parser] = portPair()
    const seen: unknown[] = []
    api.addEventListener('message', ({ data }) => seen.push(data))
    api.terminate()
    parser.postMessage({ n: 1 })
    await new Promise((resolve) => setImmediate(resolve))

    assert.deepEqual(seen, [])
  })
})
