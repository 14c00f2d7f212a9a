import 'server-only'
// The HTTP side of alert ingestion (app/api/alerts/*/route.ts). No session: each request is
// authenticated by its integration (a bearer token, or AWS's signature on SNS messages).
// Unauthenticated requests store nothing; an authenticated body that cannot be read is
// kept with the reason (400). Every failure is an answer, never a crash.
import { latestFleetReading } from '@/lib/health/queries/fleet'
import { logger } from '@/lib/logger'
import { countRefusal, ingestSignals, recordPayload, runDeclares, alertsContext, type MatchedSignal } from './mutations'
import { PayloadError, parseAlertmanager, parseEventBridge, parseSnsMessage, parseWebhook, type Parsed } from './parse'
import { integrationByToken, loadRouting, matchService, payloadSeen, snsIntegrationForTopic } from './queries'
import { mappedServiceId, mappingCandidates } from './rules'
import { confirmSubscription, freshness, parseSnsEnvelope, verifySnsSignature, type Confirmer } from './sns'

const MAX_BODY = 1024 * 1024

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } })
const refuse = (status: number, error: string, message: string) => answer(status, { error, message })

/** Wraps a receiver: any unexpected failure is a 500 with a reference, logged, never a crash. */
export function alertRoute(handler: (req: Request, requestId: string) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    const requestId = crypto.randomUUID()
    try {
      return await handler(req, requestId)
    } catch (err) {
      logger.error({ err, requestId }, 'alert ingestion failed')
      return refuse(500, 'INTERNAL', `The alert could not be processed. Reference: ${requestId}`)
    }
  }
}

async function readBody(req: Request): Promise<string | null> {
  const text = await req.text()
  return Buffer.byteLength(text) > MAX_BODY ? null : text
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/** Matches services, stores the payload and its alerts, then runs the declares it asked for. */
async function process(requestId: string, integrationId: string, body: string, parsed: Parsed, now: Date, messageId?: string) {
  const ctx = await alertsContext(requestId)
  const { mappings, routes } = await loadRouting()
  const signals: MatchedSignal[] = await Promise.all(
    parsed.signals.map(async (s) => ({ ...s, service: await matchService(s.hint, mappedServiceId(mappings, mappingCandidates(s))) })),
  )
  // Read before the transaction: the health an attach entry records is what the last refresh saw.
  const health = signals.some((s) => s.service && s.state === 'FIRING') ? await latestFleetReading() : null
  const result = await ingestSignals(ctx.actor, { integrationId, body, messageId, note: parsed.note, signals, now, routes, health })
  if (result.duplicate) return answer(200, { outcome: 'DUPLICATE', message: 'This message was already received.' })
  const incidents = await runDeclares(ctx, result.declares)
  const incidentOfKey = new Map(incidents.map((i) => [i.key, i.incidentId]))
  const declaredFor = new Map(result.declares.flatMap((d) => (incidentOfKey.has(d.key) ? [[d.alertId, incidentOfKey.get(d.key)!]] : [])))
  ctx.log.info({ integrationId, alerts: result.alerts.length, declared: incidents.filter((i) => i.created).length }, 'alert payload accepted')
  return answer(200, {
    outcome: 'ACCEPTED',
    ...(parsed.note ? { note: parsed.note } : {}),
    alerts: result.alerts.map((a) => ({
      id: a.id,
      state: a.state,
      count: a.count,
      routed: a.routed,
      incidentId: a.incidentId ?? declaredFor.get(a.id) ?? null,
    })),
    incidents: incidents.map((i) => ({ id: i.incidentId, ref: i.ref, created: i.created, runbookId: i.runbookId })),
  })
}

type TokenKind = 'EVENTBRIDGE' | 'ALERTMANAGER' | 'WEBHOOK'

const parsers: Record<TokenKind, (value: unknown, now: Date) => Parsed> = {
  EVENTBRIDGE: (v, now) => parseEventBridge(v, now),
  ALERTMANAGER: parseAlertmanager,
  WEBHOOK: parseWebhook,
}

/** The token: `Authorization: Bearer <token>`, or the `X-Alert-Token` header (EventBridge API destinations). */
function tokenOf(req: Request) {
  const auth = req.headers.get('authorization') ?? ''
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth)?.[1]
  return bearer ?? req.headers.get('x-alert-token')?.trim() ?? ''
}

/** POST /api/alerts/{eventbridge,alertmanager,webhook}. */
export function tokenReceiver(kind: TokenKind, opts: { now?: () => Date } = {}) {
  return alertRoute(async (req, requestId) => {
    const integration = await integrationByToken(kind, tokenOf(req))
    if (!integration) return refuse(401, 'UNAUTHENTICATED', 'No valid integration token (Authorization: Bearer <token>).')
    if (!integration.enabled) {
      await countRefusal(integration.id)
      return refuse(401, 'UNAUTHENTICATED', 'This integration is disabled.')
    }
    const body = await readBody(req)
    if (body === null) return refuse(413, 'VALIDATION', 'The body is larger than 1 MB.')
    const now = opts.now?.() ?? new Date()
    const json = parseJson(body)
    if (!json.ok) {
      await recordPayload(integration.id, { body, outcome: 'REFUSED', reason: 'The body is not JSON.' })
      return refuse(400, 'VALIDATION', 'The body is not JSON.')
    }
    let parsed: Parsed
    try {
      parsed = parsers[kind](json.value, now)
    } catch (err) {
      if (!(err instanceof PayloadError)) throw err
      await recordPayload(integration.id, { body, outcome: 'REFUSED', reason: err.message })
      return refuse(400, 'VALIDATION', err.message)
    }
    const eventId = kind === 'EVENTBRIDGE' ? (json.value as { id?: unknown }).id : undefined
    return process(requestId, integration.id, body, parsed, now, typeof eventId === 'string' && eventId ? `eventbridge:${eventId}` : undefined)
  })
}

/**
 * POST /api/alerts/sns: subscription handshakes and notifications, each checked against AWS's signature.
 * `simulatorOrigin` (tests): the simulator trusted besides SNS; by default the configured one, in simulated mode only.
 */
export function snsReceiver(opts: { now?: () => Date; confirm?: Confirmer; simulatorOrigin?: string | null } = {}) {
  const confirm = opts.confirm ?? confirmSubscription
  return alertRoute(async (req, requestId) => {
    const body = await readBody(req)
    if (body === null) return refuse(413, 'VALIDATION', 'The body is larger than 1 MB.')
    const json = parseJson(body)
    if (!json.ok) return refuse(400, 'VALIDATION', 'The body is not JSON.')
    let m: ReturnType<typeof parseSnsEnvelope>
    try {
      m = parseSnsEnvelope(json.value)
    } catch (err) {
      if (!(err instanceof PayloadError)) throw err
      return refuse(400, 'VALIDATION', err.message)
    }
    // Nothing is stored before the topic is allowed and AWS's signature is checked.
    const integration = await snsIntegrationForTopic(m.TopicArn)
    if (!integration) return refuse(403, 'FORBIDDEN', 'This SNS topic is not allowed by any integration.')
    const now = opts.now?.() ?? new Date()
    const signed = await verifySnsSignature(m, now, { simulatorOrigin: opts.simulatorOrigin })
    if (!signed.ok) {
      await countRefusal(integration.id)
      return refuse(401, 'UNAUTHENTICATED', `The SNS signature was refused: ${signed.reason}`)
    }
    if (!integration.enabled) {
      await countRefusal(integration.id)
      return refuse(403, 'FORBIDDEN', 'This integration is disabled.')
    }
    const messageId = `sns:${m.MessageId}`
    const fresh = freshness(m, now)
    if (!fresh.ok) {
      await recordPayload(integration.id, { body, outcome: 'REFUSED', reason: fresh.reason })
      return refuse(400, 'VALIDATION', `Refused: ${fresh.reason}`)
    }
    if (m.Type !== 'Notification') {
      if (await payloadSeen(messageId)) {
        await recordPayload(integration.id, { body, outcome: 'DUPLICATE', reason: `MessageId ${m.MessageId} was already received` })
        return answer(200, { outcome: 'DUPLICATE', message: 'This message was already received.' })
      }
      if (m.Type === 'UnsubscribeConfirmation') {
        await recordPayload(integration.id, { body, outcome: 'ACCEPTED', reason: 'The topic unsubscribed this endpoint.', messageId })
        return answer(200, { outcome: 'ACCEPTED', message: 'Unsubscribed.' })
      }
      // The one outbound call SNS asks for, outside any transaction, to an SNS host only.
      const confirmed = await confirm(m.SubscribeURL ?? '', opts.simulatorOrigin)
      const reason = confirmed.ok ? 'Subscription confirmed.' : `The subscription could not be confirmed: ${confirmed.error}`
      await recordPayload(integration.id, { body, outcome: confirmed.ok ? 'ACCEPTED' : 'REFUSED', reason, messageId })
      return confirmed.ok ? answer(200, { outcome: 'ACCEPTED', message: reason }) : refuse(502, 'INTERNAL', reason)
    }
    let parsed: Parsed
    try {
      parsed = parseSnsMessage(m.Message, now)
    } catch (err) {
      if (!(err instanceof PayloadError)) throw err
      const stored = await recordPayload(integration.id, { body, outcome: 'REFUSED', reason: err.message, messageId })
      if (!stored) return answer(200, { outcome: 'DUPLICATE', message: 'This message was already received.' })
      return refuse(400, 'VALIDATION', err.message)
    }
    return process(requestId, integration.id, body, parsed, now, messageId)
  })
}
