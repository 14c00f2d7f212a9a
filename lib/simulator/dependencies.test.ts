import { describe, expect, it } from 'vitest'
import { manualClock } from './clock'
import { linesBetween } from './logs'
import { MINUTE, type SimService } from './model'
import { Simulation } from './simulation'

// A broken resource moves the symptoms of every service that depends on it (demo-resources.ts), not only of the
// service the scenario was injected on: more 5xx, slower answers, failed calls in the logs, alarms that fire.
function demo() {
  const sim = new Simulation({ clock: manualClock(), seed: 11 })
  const svc = (name: string) => sim.service('us-east-1', 'shop-prod', name)!
  return { sim, svc }
}

const lastMinute = (sim: Simulation, s: SimService) => sim.sampleAt(s, sim.completedMinute() - 1)!
const share = (sim: Simulation, s: SimService) => lastMinute(sim, s).e5xx! / lastMinute(sim, s).req!
const lastMinuteLogs = (sim: Simulation, s: SimService) => {
  const m = sim.completedMinute() - 1
  return linesBetween(sim.seed, s, m * MINUTE, (m + 1) * MINUTE).map((l) => l.message)
}

describe('broken dependencies', () => {
  it('database connections exhausted (injected on orders-api) fails and slows payments-api too, and its logs say why; clearing heals both', () => {
    const { sim, svc } = demo()
    const payments = svc('payments-api')
    const catalog = svc('catalog-api') // reads the replica only: untouched
    sim.advance(3 * MINUTE)
    const before = { share: share(sim, payments), lat: lastMinute(sim, payments).lat! }
    expect(before.share).toBeLessThan(0.01)

    sim.injectScenario({ cluster: 'shop-prod', service: 'orders-api', scenario: 'db_connections_exhausted' })
    sim.advance(3 * MINUTE)
    expect(share(sim, payments)).toBeGreaterThan(0.1)
    expect(share(sim, svc('orders-api'))).toBeGreaterThan(0.1)
    expect(lastMinute(sim, payments).lat!).toBeGreaterThan(before.lat * 4)
    expect(share(sim, catalog)).toBeLessThan(0.02)
    expect(sim.alarms.find((a) => a.name === 'shop-prod-payments-api-5xx-errors')!.state).toBe('ALARM')
    const logs = lastMinuteLogs(sim, payments)
    expect(logs.some((l) => /^ERROR .*(timeout acquiring a connection to orders-db|remaining connection slots are reserved)/.test(l))).toBe(true)
    // A worker without a load balancer has no 5xx to count, but its calls fail in its logs all the same.
    expect(lastMinuteLogs(sim, svc('inventory-worker')).some((l) => l.includes('orders-db'))).toBe(true)
    expect(lastMinuteLogs(sim, catalog).some((l) => l.includes('orders-db'))).toBe(false)

    sim.clearScenarios()
    sim.advance(3 * MINUTE)
    expect(share(sim, payments)).toBeLessThan(0.02)
    expect(lastMinute(sim, payments).lat!).toBeLessThan(before.lat * 2)
    expect(lastMinuteLogs(sim, payments).some((l) => l.includes('orders-db'))).toBe(false)
  })

  it('Redis down breaks checkout-web as well as auth-api; a second break of the same resource holds it until both are cleared', () => {
    const { sim, svc } = demo()
    const checkout = svc('checkout-web')
    sim.injectScenario({ cluster: 'shop-prod', service: 'auth-api', scenario: 'redis_down' })
    sim.injectScenario({ cluster: 'shop-prod', service: 'checkout-web', scenario: 'redis_down' })
    sim.advance(3 * MINUTE)
    expect(share(sim, checkout)).toBeGreaterThan(0.15)
    expect(lastMinuteLogs(sim, checkout).some((l) => /ECONNREFUSED|session store .* unavailable/.test(l))).toBe(true)

    sim.clearScenarios({ service: 'auth-api' })
    sim.advance(3 * MINUTE)
    expect(share(sim, svc('auth-api'))).toBeGreaterThan(0.15)
    sim.clearScenarios({ service: 'checkout-web' })
    sim.advance(3 * MINUTE)
    expect(share(sim, checkout)).toBeLessThan(0.02)
    expect(share(sim, svc('auth-api'))).toBeLessThan(0.02)
  })
})
