// Simulated SNS: one topic per cluster (`<cluster>-alerts`, the topic every simulated alarm
// names as its action), HTTP(S) subscriptions with the real handshake (a signed
// SubscriptionConfirmation whose SubscribeURL is on this simulator), and Notifications signed
// as SNS signs them: SignatureVersion 2 (SHA256withRSA) over the same fields, with a key and a
// self-signed certificate made at start and served at SigningCertURL. Only an app that was told
// this simulator's origin (AWS_MODE=simulated, AWS_SIMULATOR_URL) trusts that certificate.
//
// Delivery never holds up the simulation: each subscription has its own queue, worked through
// in order (so a crash loop's stopped tasks arrive as they happened), each message tried up to
// four times (1 s, 2 s, 4 s apart) on a network error, a 5xx or a 429, then dropped and logged.
import { createSign, randomBytes, randomUUID } from 'node:crypto'
import { generate } from 'selfsigned'
import type { SimNotice } from './notices'
import { publicationsOf, type SnsPublication } from './sns-messages'

export const SNS_CERT_PATH = '/_sim/sns/SimpleNotificationService-simulator.pem'

export type SnsSubscription = { arn: string; topicArn: string; endpoint: string; status: 'pending' | 'confirmed' }

export type SnsDelivery = {
  messageId: string
  type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation'
  topicArn: string
  subject?: string
  endpoint: string
  status: 'queued' | 'delivered' | 'failed'
  attempts: number
  httpStatus?: number
  error?: string
}

type Subscription = SnsSubscription & { token: string; queue: Promise<void> }

const DELIVERIES_KEPT = 200
const ATTEMPTS = 4
const ATTEMPT_TIMEOUT_MS = 5_000

export class SnsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export type SimSnsOptions = {
  accountId: string
  region: string
  clusters: { name: string; region: string }[]
  log: (line: string) => void
  /** The first retry's wait; each next one doubles it (default 1 s). */
  retryDelayMs?: number
}

/** Signs the fields SNS signs, in its order ("Key\nValue\n" each, absent keys left out). */
function signedText(m: Record<string, string | undefined>): string {
  const keys =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']
  return keys
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join('')
}

export class SimSns {
  private baseUrl = ''
  private readonly subscriptions = new Map<string, Subscription>()
  private readonly deliveries: SnsDelivery[] = []
  private readonly topicSet: Set<string>

  private constructor(
    private readonly opts: SimSnsOptions,
    private readonly key: string,
    readonly certificate: string,
  ) {
    this.topicSet = new Set(opts.clusters.map((c) => this.topicOf(c.name, c.region)))
  }

  /** Makes the signing key and its self-signed certificate (valid from yesterday for ten years). */
  static async create(opts: SimSnsOptions): Promise<SimSns> {
    const day = 24 * 60 * 60_000
    const pems = await generate([{ name: 'commonName', value: 'sns.simulator.invalid' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: new Date(Date.now() - day),
      notAfterDate: new Date(Date.now() + 3650 * day),
    })
    return new SimSns(opts, pems.private, pems.cert)
  }

  /** Where this simulator is reached: SigningCertURL, SubscribeURL and UnsubscribeURL point here. */
  listenAt(baseUrl: string) {
    this.baseUrl = baseUrl
  }

  topicOf(cluster: string, region: string) {
    return `arn:aws:sns:${region}:${this.opts.accountId}:${cluster}-alerts`
  }

  topics(): string[] {
    return [...this.topicSet].sort()
  }

  list(): SnsSubscription[] {
    return [...this.subscriptions.values()].map(({ arn, topicArn, endpoint, status }) => ({ arn, topicArn, endpoint, status }))
  }

  recent(): SnsDelivery[] {
    return this.deliveries.map((d) => ({ ...d }))
  }

  /**
   * Subscribes an HTTP(S) endpoint and sends it a SubscriptionConfirmation. The same endpoint
   * on the same topic is one subscription: a pending one gets a new confirmation.
   */
  subscribe(topicArn: string, endpoint: string): SnsSubscription {
    if (!this.topicSet.has(topicArn)) throw new SnsError(404, `No topic ${topicArn}. Topics: ${this.topics().join(', ')}.`)
    let url: URL
    try {
      url = new URL(endpoint)
    } catch {
      throw new SnsError(400, 'endpoint must be an http(s) URL.')
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SnsError(400, 'endpoint must be an http(s) URL.')
    const existing = [...this.subscriptions.values()].find((s) => s.topicArn === topicArn && s.endpoint === endpoint)
    if (existing?.status === 'confirmed') return this.view(existing)
    const sub: Subscription = existing ?? {
      arn: `${topicArn}:${randomUUID()}`,
      topicArn,
      endpoint,
      status: 'pending',
      token: randomBytes(64).toString('hex'),
      queue: Promise.resolve(),
    }
    this.subscriptions.set(sub.arn, sub)
    const subscribeUrl = `${this.baseUrl}/_sim/sns/confirm?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${sub.token}`
    this.send(sub, {
      Type: 'SubscriptionConfirmation',
      Token: sub.token,
      Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: subscribeUrl,
    })
    this.opts.log(`sns: subscription of ${endpoint} to ${topicArn} pending confirmation`)
    return this.view(sub)
  }

  /** The SubscribeURL's action: the token confirms its subscription. */
  confirm(topicArn: string, token: string): SnsSubscription {
    const sub = [...this.subscriptions.values()].find((s) => s.topicArn === topicArn && s.token === token)
    if (!sub) throw new SnsError(404, 'No pending subscription has this token.')
    if (sub.status !== 'confirmed') this.opts.log(`sns: ${sub.endpoint} confirmed its subscription to ${topicArn}`)
    sub.status = 'confirmed'
    return this.view(sub)
  }

  /** Ends a subscription (or every one, with no ARN); the endpoint is told with an UnsubscribeConfirmation. */
  unsubscribe(arn?: string): number {
    const gone = arn ? [this.subscriptions.get(arn)].filter((s): s is Subscription => Boolean(s)) : [...this.subscriptions.values()]
    for (const sub of gone) {
      this.subscriptions.delete(sub.arn)
      if (sub.status !== 'confirmed') continue
      this.send(sub, {
        Type: 'UnsubscribeConfirmation',
        Token: sub.token,
        Message: `You have chosen to deactivate subscription ${sub.arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`,
        SubscribeURL: `${this.baseUrl}/_sim/sns/confirm?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(sub.topicArn)}&Token=${sub.token}`,
      })
    }
    return gone.length
  }

  /** Publishes to every confirmed subscription of the topic; returns the MessageId. */
  publish(p: SnsPublication): string {
    const messageId = randomUUID()
    for (const sub of this.subscriptions.values()) {
      if (sub.topicArn !== p.topicArn || sub.status !== 'confirmed') continue
      this.send(
        sub,
        {
          Type: 'Notification',
          Message: p.message,
          Subject: p.subject,
          UnsubscribeURL: `${this.baseUrl}/_sim/sns/unsubscribe?SubscriptionArn=${encodeURIComponent(sub.arn)}`,
        },
        messageId,
      )
    }
    return messageId
  }

  /** The simulation's hook: alarm changes and ECS events become publications. */
  notice(n: SimNotice) {
    if (this.subscriptions.size === 0) return
    for (const p of publicationsOf(n, { accountId: this.opts.accountId, eventId: randomUUID, topicOf: (c, r) => this.topicOf(c, r) })) {
      if (this.topicSet.has(p.topicArn)) this.publish(p)
    }
  }

  /** Resolves once every queued delivery has been tried to the end (tests). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight])
  }

  private readonly inflight = new Set<Promise<void>>()

  private view(sub: Subscription): SnsSubscription {
    return { arn: sub.arn, topicArn: sub.topicArn, endpoint: sub.endpoint, status: sub.status }
  }

  /** Signs and queues one message for one subscription. */
  private send(sub: Subscription, fields: Record<string, string | undefined>, messageId: string = randomUUID()) {
    const m: Record<string, string | undefined> = {
      Type: fields.Type,
      MessageId: messageId,
      Token: fields.Token,
      TopicArn: sub.topicArn,
      Subject: fields.Subject,
      Message: fields.Message,
      SubscribeURL: fields.SubscribeURL,
      // The envelope is stamped when it is sent, on the wall clock the receiver checks it against.
      Timestamp: new Date().toISOString(),
      SignatureVersion: '2',
      SigningCertURL: `${this.baseUrl}${SNS_CERT_PATH}`,
      UnsubscribeURL: fields.UnsubscribeURL,
    }
    m.Signature = createSign('RSA-SHA256').update(signedText(m), 'utf8').sign(this.key, 'base64')
    const body = JSON.stringify(Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)))
    const delivery: SnsDelivery = {
      messageId,
      type: m.Type as SnsDelivery['type'],
      topicArn: sub.topicArn,
      subject: m.Subject,
      endpoint: sub.endpoint,
      status: 'queued',
      attempts: 0,
    }
    this.deliveries.push(delivery)
    if (this.deliveries.length > DELIVERIES_KEPT) this.deliveries.splice(0, this.deliveries.length - DELIVERIES_KEPT)
    const headers = {
      'content-type': 'text/plain; charset=UTF-8',
      'x-amz-sns-message-type': delivery.type,
      'x-amz-sns-message-id': messageId,
      'x-amz-sns-topic-arn': sub.topicArn,
      ...(delivery.type === 'Notification' ? { 'x-amz-sns-subscription-arn': sub.arn } : {}),
      'user-agent': 'Amazon Simple Notification Service Agent',
    }
    const run = sub.queue.then(() => this.deliver(delivery, body, headers))
    sub.queue = run
    this.inflight.add(run)
    void run.finally(() => this.inflight.delete(run))
  }

  private async deliver(d: SnsDelivery, body: string, headers: Record<string, string>) {
    const wait = this.opts.retryDelayMs ?? 1_000
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      d.attempts = attempt
      let retry = true
      try {
        const res = await fetch(d.endpoint, { method: 'POST', body, headers, signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) })
        await res.text().catch(() => '')
        d.httpStatus = res.status
        if (res.ok) {
          d.status = 'delivered'
          d.error = undefined
          return
        }
        d.error = `HTTP ${res.status}`
        retry = res.status >= 500 || res.status === 429
      } catch (err) {
        d.error = (err as Error).message || String(err)
      }
      if (!retry || attempt === ATTEMPTS) break
      await new Promise((r) => setTimeout(r, wait * 2 ** (attempt - 1)))
    }
    d.status = 'failed'
    this.opts.log(`sns: ${d.type} ${d.messageId} to ${d.endpoint} failed after ${d.attempts} attempt(s): ${d.error}`)
  }
}
