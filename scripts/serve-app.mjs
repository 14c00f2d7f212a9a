// Serves the built app (or `next dev` with --dev) like `next start`, with one
// addition: every request carries the address of its TCP peer in `x-ic-peer`,
// replacing any header of that name the client sent. `next start` only offers
// X-Forwarded-For, which it keeps as the client wrote it when present, so the
// sign-in throttle could not tell where a request came from (lib/auth/client-source.ts).
// It also asks the sign-in door (lib/auth/front-door.ts), once the app has opened it,
// whether a password sign-in comes from a source known to be locked, and answers those
// itself, so a password spray never reaches Next's (much dearer) request pipeline.
//   node scripts/serve-app.mjs --port 3000 [--dev]
import { createServer } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import next from 'next'

const args = process.argv.slice(2)
const dev = args.includes('--dev')
const port = Number(args[args.indexOf('--port') + 1] || process.env.PORT || 3000)
const dir = join(dirname(fileURLToPath(import.meta.url)), '..')

const app = next({ dev, dir, hostname: 'localhost', port })
const handle = app.getRequestHandler()
await app.prepare()

const stamp = (req) => {
  req.headers['x-ic-peer'] = req.socket.remoteAddress ?? ''
}
const door = () => globalThis[Symbol.for('incident-command.sign-in-door')]
const MAX_FORM = 16 * 1024

/** Reads the (small) sign-in form and answers with the door's refusal. */
function refuseAtDoor(gate, seconds, req, res) {
  const chunks = []
  let size = 0
  const answer = () => {
    const body = Buffer.concat(chunks).toString('utf8')
    const { status, headers, body: text } = gate.refusal(seconds, body, `http://localhost:${port}`)
    res.writeHead(status, headers)
    res.end(text)
  }
  req.on('data', (chunk) => {
    size += chunk.length
    if (size <= MAX_FORM) chunks.push(chunk)
  })
  req.on('end', answer)
  req.on('error', () => res.destroy())
}

const server = createServer((req, res) => {
  stamp(req)
  const gate = req.method === 'POST' ? door() : undefined
  const seconds = gate ? gate.lockedSeconds(req.method, (req.url ?? '').split('?')[0], req.headers) : 0
  if (seconds > 0) return refuseAtDoor(gate, seconds, req, res)
  void handle(req, res)
})
if (dev) {
  const upgrade = app.getUpgradeHandler()
  server.on('upgrade', (req, socket, head) => {
    stamp(req)
    void upgrade(req, socket, head)
  })
}
server.listen(port, () => console.log(`   ▲ Next.js ${dev ? 'dev' : 'production'} server on http://localhost:${port}`))

let stopping = false
function stop() {
  if (stopping) return
  stopping = true
  server.close(() => process.exit(0))
  server.closeIdleConnections()
  setTimeout(() => process.exit(0), 5_000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
