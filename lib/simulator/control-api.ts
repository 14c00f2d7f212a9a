// The control API under /_sim, so another process (the Game day page, a CLI, a benchmark)
// can drive the simulator:
//   GET    /_sim/health
//   GET    /_sim/services                     fleet snapshot
//   GET    /_sim/scenarios                    active scenarios and the kinds on offer
//   POST   /_sim/scenarios                    { cluster, service, scenario, options? }
//   DELETE /_sim/scenarios[/<id>]             ?cluster=&service=&scenario= narrow it
//   GET    /_sim/calls                        AWS calls by operation since the last reset (e.g. byOperation["ecs:UpdateService"])
//   DELETE /_sim/calls                        reset (POST /_sim/calls/reset also works)
//   POST   /_sim/clock                        { advanceMs }
//   GET    /_sim/probe?cluster=&service=      the service's health endpoint, as its users would see it
//   GET    /_sim/faults  POST /_sim/faults { kind, api?, operation?, times?, delayMs? }  DELETE /_sim/faults[/<id>]
//                                             kinds: throttle, access_denied, expired_token, server_error, delay, hang,
//                                             delayed_apply (held past the client's timeout, then applied), drop (never applied)
import type { IncomingMessage, ServerResponse } from 'node:http'
import { faultApis, faultKinds, type FaultInput } from './faults'
import { isScenarioKind, scenarioDescriptions, scenarioKinds, type ScenarioOptions } from './scenarios'
import type { SimulatorHandle } from './server'
import { SimulationError } from './simulation'
import { readBody, send } from './wire'

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function reply(res: ServerResponse, status: number, body: unknown) {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', 'cache-control': 'no-store' })
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8').trim()
  if (!text) return {}
  try {
    const parsed = JSON.parse(text) as unknown
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  } catch {
    // falls through
  }
  throw new ControlError(400, 'The body must be a JSON object.')
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)

export async function handleControl(sim: SimulatorHandle, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://simulator')
  const parts = url.pathname.split('/').filter(Boolean).slice(1)
  const method = req.method ?? 'GET'
  const route = `${method} ${parts[0] ?? ''}`
  try {
    switch (route) {
      case 'GET health':
        return reply(res, 200, { ok: true, now: new Date(sim.now()).toISOString(), services: sim.sim.services.size })
      case 'GET services':
        return reply(res, 200, { services: sim.services() })
      case 'GET scenarios':
        return reply(res, 200, {
          scenarios: sim.scenarios.list(),
          kinds: scenarioKinds.map((k) => ({ scenario: k, description: scenarioDescriptions[k] })),
        })
      case 'POST scenarios': {
        const body = await jsonBody(req)
        const scenario = body.scenario ?? body.kind
        const cluster = str(body.cluster)
        const service = str(body.service)
        if (!cluster || !service) throw new ControlError(400, 'cluster and service are required.')
        if (!isScenarioKind(scenario)) throw new ControlError(400, `scenario must be one of ${scenarioKinds.join(', ')}.`)
        const options = (body.options && typeof body.options === 'object' ? body.options : {}) as ScenarioOptions
        return reply(res, 201, { scenario: sim.scenarios.inject({ cluster, service, scenario, options }) })
      }
      case 'DELETE scenarios': {
        const scenario = url.searchParams.get('scenario') ?? undefined
        if (scenario !== undefined && !isScenarioKind(scenario)) throw new ControlError(400, `Unknown scenario "${scenario}".`)
        const cleared = sim.scenarios.clear({
          id: parts[1],
          cluster: url.searchParams.get('cluster') ?? undefined,
          service: url.searchParams.get('service') ?? undefined,
          scenario,
        })
        return reply(res, 200, { cleared })
      }
      case 'GET probe': {
        const cluster = url.searchParams.get('cluster')
        const service = url.searchParams.get('service')
        const snap = sim.services().find((x) => x.cluster === cluster && x.service === service)
        if (!snap) throw new ControlError(404, `No service ${service ?? '?'} in ${cluster ?? '?'}.`)
        // Down with no task running or when requests fail; slow when responses are slow.
        const failing = snap.runningCount === 0 || snap.scenarios.some((k) => k === 'crash_loop' || k === 'error_spike')
        const slow = snap.scenarios.some((k) => k === 'slow_responses' || k === 'cpu_spike')
        if (slow) await new Promise((r) => setTimeout(r, 1200))
        return reply(res, failing ? 503 : 200, { status: failing ? 'unavailable' : 'ok', running: snap.runningCount })
      }
      case 'GET calls':
        return reply(res, 200, sim.calls.counts())
      case 'DELETE calls':
      case 'POST calls':
        if (route === 'POST calls' && parts[1] !== 'reset') break
        sim.calls.reset()
        return reply(res, 200, sim.calls.counts())
      case 'POST clock': {
        const body = await jsonBody(req)
        const ms = Number(body.advanceMs)
        if (!Number.isFinite(ms) || ms < 0) throw new ControlError(400, 'advanceMs must be a positive number of milliseconds.')
        sim.advance(ms)
        return reply(res, 200, { now: new Date(sim.now()).toISOString() })
      }
      case 'GET faults':
        return reply(res, 200, { faults: sim.faults.list(), kinds: faultKinds })
      case 'POST faults': {
        const body = await jsonBody(req)
        if (!(faultKinds as readonly unknown[]).includes(body.kind)) throw new ControlError(400, `kind must be one of ${faultKinds.join(', ')}.`)
        const input: FaultInput = {
          kind: body.kind as FaultInput['kind'],
          api: str(body.api) as FaultInput['api'],
          operation: str(body.operation),
          times: typeof body.times === 'number' ? body.times : undefined,
          delayMs: typeof body.delayMs === 'number' ? body.delayMs : undefined,
        }
        if (input.api && !(faultApis as readonly string[]).includes(input.api)) throw new ControlError(400, `api must be one of ${faultApis.join(', ')}.`)
        return reply(res, 201, { fault: sim.faults.add(input) })
      }
      case 'DELETE faults':
        return reply(res, 200, { cleared: sim.faults.clear(parts[1]) })
    }
    reply(res, 404, { error: `No control route ${method} ${url.pathname}.` })
  } catch (err) {
    if (err instanceof ControlError) return reply(res, err.status, { error: err.message })
    if (err instanceof SimulationError) return reply(res, err.code === 'not_found' ? 404 : 400, { error: err.message })
    throw err
  }
}
