// The image's health check: GET /api/health on the app's own port, with
// node itself, since the slim image has no curl. Exit 0 healthy, 1 not.
const port = process.env.PORT ?? '3000'
const url = `http://127.0.0.1:${port}/api/health`

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) })
  const body = await response.json()
  process.exit(response.status === 200 && body.status === 'ok' ? 0 : 1)
} catch {
  process.exit(1)
}
