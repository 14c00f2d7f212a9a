// The simulated SNS's HTTP side, under /_sim/sns on the simulator's port:
//   GET    /_sim/sns                              topics, subscriptions, the last deliveries
//   POST   /_sim/sns/subscribe { topicArn | cluster, endpoint }   → 201 { subscription } (a SubscriptionConfirmation is sent)
//   GET    /_sim/sns/confirm?TopicArn=&Token=     the SubscribeURL (answers XML, as SNS does)
//   GET    /_sim/sns/unsubscribe?SubscriptionArn= the UnsubscribeURL
//   DELETE /_sim/sns/subscriptions[?arn=]         ends one subscription, or all
//   GET    /_sim/sns/SimpleNotificationService-simulator.pem   the signing certificate
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SNS_CERT_PATH, SnsError, type SimSns } from './sns'
import { readBody, send } from './wire'

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', 'cache-control': 'no-store' })

const xml = (res: ServerResponse, action: string, result: string) =>
  send(
    res,
    200,
    `<${action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
    { 'content-type': 'text/xml' },
  )

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8').trim()
  try {
    const parsed = text ? (JSON.parse(text) as unknown) : {}
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  } catch {
    // falls through
  }
  throw new SnsError(400, 'The body must be a JSON object.')
}

export async function handleSnsControl(sns: SimSns, region: string, req: IncomingMessage, res: ServerResponse, url: URL) {
  const route = `${req.method ?? 'GET'} ${url.pathname}`
  try {
    switch (route) {
      case 'GET /_sim/sns':
        return json(res, 200, { topics: sns.topics(), subscriptions: sns.list(), deliveries: sns.recent() })
      case `GET ${SNS_CERT_PATH}`:
        return send(res, 200, sns.certificate, { 'content-type': 'application/x-pem-file' })
      case 'POST /_sim/sns/subscribe': {
        const b = await body(req)
        const topicArn = typeof b.topicArn === 'string' ? b.topicArn : typeof b.cluster === 'string' ? sns.topicOf(b.cluster, region) : ''
        if (!topicArn || typeof b.endpoint !== 'string') throw new SnsError(400, 'topicArn (or cluster) and endpoint are required.')
        return json(res, 201, { subscription: sns.subscribe(topicArn, b.endpoint) })
      }
      case 'GET /_sim/sns/confirm': {
        const sub = sns.confirm(url.searchParams.get('TopicArn') ?? '', url.searchParams.get('Token') ?? '')
        return xml(res, 'ConfirmSubscription', `<SubscriptionArn>${sub.arn}</SubscriptionArn>`)
      }
      case 'GET /_sim/sns/unsubscribe': {
        const arn = url.searchParams.get('SubscriptionArn')
        if (!arn || !sns.unsubscribe(arn)) throw new SnsError(404, 'No such subscription.')
        return xml(res, 'Unsubscribe', '')
      }
      case 'DELETE /_sim/sns/subscriptions':
        return json(res, 200, { removed: sns.unsubscribe(url.searchParams.get('arn') ?? undefined) })
    }
    json(res, 404, { error: `No SNS route ${route}.` })
  } catch (err) {
    if (err instanceof SnsError) return json(res, err.status, { error: err.message })
    throw err
  }
}
