// HTTP plumbing shared by the API handlers: bodies (gzip), request ids, JSON and XML
// replies, and errors in each protocol's own shape.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gunzipSync } from 'node:zlib'

export type Api = 'ecs' | 'cloudwatch' | 'logs' | 'elbv2'

export type ErrorFault = 'Sender' | 'Receiver'

/** An AWS error as the API would send it. `code` is the wire code (awsQuery code for CloudWatch and ELB). */
export class AwsApiError extends Error {
  readonly status: number
  readonly fault: ErrorFault

  constructor(
    readonly code: string,
    message: string,
    opts: { status?: number; fault?: ErrorFault } = {},
  ) {
    super(message)
    this.status = opts.status ?? 400
    this.fault = opts.fault ?? (this.status >= 500 ? 'Receiver' : 'Sender')
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase()
  return encoding.includes('gzip') ? gunzipSync(raw) : raw
}

/** The region from the SigV4 credential scope; signatures themselves are not checked. */
export function regionOf(req: IncomingMessage, fallback: string): string {
  const auth = String(req.headers.authorization ?? '')
  const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(auth)
  return scope?.[1] ?? fallback
}

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) })
  res.end(body)
}

const jsonContentType: Record<Exclude<Api, 'elbv2'>, string> = {
  ecs: 'application/x-amz-json-1.1',
  logs: 'application/x-amz-json-1.1',
  cloudwatch: 'application/x-amz-json-1.0',
}

/**
 * JSON replies carry Dates as epoch seconds. The Dates are swapped before stringifying: a
 * replacer function is called for every value, which made a 500-metric GetMetricData reply
 * cost more than building it. Objects with a toJSON of their own are left to it, as before.
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(epochSeconds(value))
}

function epochSeconds(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  if (v instanceof Date) return v.getTime() / 1000
  if (Array.isArray(v)) return v.map(epochSeconds)
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(v)) out[key] = epochSeconds((v as Record<string, unknown>)[key])
  return out
}

export function sendJsonResult(res: ServerResponse, api: Exclude<Api, 'elbv2'>, requestId: string, body: unknown) {
  send(res, 200, toWireJson(body ?? {}), { 'content-type': jsonContentType[api], 'x-amzn-requestid': requestId })
}

const cloudWatchShapes: Record<string, string> = {
  ValidationError: 'com.amazonaws.cloudwatch#ValidationException',
  InvalidParameterValue: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
  InvalidParameterCombination: 'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
  MissingParameter: 'com.amazonaws.cloudwatch#MissingRequiredParameterException',
  InvalidNextToken: 'com.amazonaws.cloudwatch#InvalidNextToken',
  ResourceNotFound: 'com.amazonaws.cloudwatch#ResourceNotFound',
  InternalServiceError: 'com.amazonaws.cloudwatch#InternalServiceFault',
  Throttling: 'com.amazon.coral.availability#ThrottlingException',
  AccessDenied: 'com.amazon.coral.service#AccessDeniedException',
}

export function sendError(res: ServerResponse, api: Api, requestId: string, err: AwsApiError) {
  if (api === 'elbv2') {
    const xml =
      `<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">` +
      `<Error><Type>${err.fault}</Type><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`
    send(res, err.status, xml, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId })
    return
  }
  const headers: Record<string, string> = { 'content-type': jsonContentType[api], 'x-amzn-requestid': requestId }
  let type = err.code
  if (api === 'cloudwatch') {
    // The query-compatible JSON protocol: the awsQuery code travels in a header.
    headers['x-amzn-query-error'] = `${err.code};${err.fault}`
    type = cloudWatchShapes[err.code] ?? err.code
  }
  send(res, err.status, JSON.stringify({ __type: type, message: err.message }), headers)
}

// ---- awsQuery ----

/** `A.member.1.B=x` form fields into `{ A: [{ B: 'x' }] }`. */
export function parseQueryForm(body: string): Record<string, unknown> {
  const params = new URLSearchParams(body)
  const root: Record<string, unknown> = {}
  for (const [key, value] of params) {
    const raw = key.split('.')
    const path: (string | number)[] = []
    for (let i = 0; i < raw.length; i++) {
      if ((raw[i] === 'member' || raw[i] === 'entry') && /^\d+$/.test(raw[i + 1] ?? '')) {
        path.push(Number(raw[i + 1]) - 1)
        i++
      } else path.push(raw[i])
    }
    let node: Record<string | number, unknown> = root
    for (let i = 0; i < path.length - 1; i++) {
      const next = path[i + 1]
      node[path[i]] ??= typeof next === 'number' ? [] : {}
      node = node[path[i]] as Record<string | number, unknown>
    }
    node[path[path.length - 1]] = value
  }
  return root
}

export function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** Objects become elements, arrays become <member> lists, Dates ISO strings; undefined is left out. */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('')
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('')
  }
  return xmlEscape(String(value))
}

export function sendQueryResult(res: ServerResponse, action: string, requestId: string, result: Record<string, unknown>) {
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<${action}Response xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">` +
    `<${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  send(res, 200, xml, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId })
}

// ---- paging ----

export function encodeToken(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

export function decodeToken<T extends Record<string, unknown>>(token: string | undefined): T | undefined {
  if (token === undefined || token === '') return undefined
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown
    if (parsed && typeof parsed === 'object') return parsed as T
  } catch {
    // falls through
  }
  return undefined
}
