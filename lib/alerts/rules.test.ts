import { describe, expect, it } from 'vitest'
import { globMatch, mappedServiceId, mappingCandidates, routeWithRules, type RouteRule } from './rules'

const rule = (r: Partial<RouteRule>): RouteRule => ({
  id: 'r',
  source: null,
  environment: null,
  serviceId: null,
  namePattern: null,
  action: 'DECLARE',
  severity: null,
  runbookId: null,
  ...r,
})
const alert = {
  source: 'sns',
  state: 'FIRING',
  severity: 'WARNING',
  category: 'other' as const,
  title: 'CloudWatch alarm: shop-prod-cart-latency-high',
  reason: 'slow',
}
const prod = { id: 'cart', environment: 'PROD' }

describe('globMatch', () => {
  it('matches the whole text, * as anything, case-insensitive, regex characters literally', () => {
    expect(globMatch('shop-prod-*', 'SHOP-prod-cart')).toBe(true)
    expect(globMatch('shop-prod-*', 'x-shop-prod-cart')).toBe(false)
    expect(globMatch('a.b', 'axb')).toBe(false)
    expect(globMatch('team=(pay)', 'team=(pay)')).toBe(true)
  })
})

describe('mappings', () => {
  it('tries the alarm name, title, ARN and labels; the most specific pattern wins', () => {
    const c = mappingCandidates({
      fingerprint: 'alarm:arn:aws:cloudwatch:us-east-1:1:alarm:x',
      title: 'CloudWatch alarm: x',
      hint: { mappingKey: 'x', labels: { team: 'pay' } },
    })
    expect(c).toEqual(['x', 'CloudWatch alarm: x', 'arn:aws:cloudwatch:us-east-1:1:alarm:x', 'team=pay'])
    const maps = [
      { pattern: '*', serviceId: 'any' },
      { pattern: 'team=pay', serviceId: 'pay' },
    ]
    expect(mappedServiceId(maps, c)).toBe('pay')
    expect(mappedServiceId([{ pattern: 'nothing', serviceId: 'n' }], c)).toBeNull()
  })
})

describe('routeWithRules', () => {
  it('falls back to the default rule when nothing matches', () => {
    expect(routeWithRules(alert, prod, [rule({ environment: 'DEV' })])).toEqual({ action: 'inbox' })
  })
  it('the first matching rule decides: severity, runbook, or the inbox', () => {
    const rules = [rule({ id: 'a', namePattern: '*latency*', severity: 'SEV3', runbookId: 'high-latency' }), rule({ id: 'b', action: 'INBOX' })]
    expect(routeWithRules(alert, prod, rules)).toEqual({ action: 'declare', severity: 'SEV3', runbookId: 'high-latency', ruleId: 'a' })
    expect(routeWithRules({ ...alert, title: 'other' }, prod, rules)).toEqual({ action: 'inbox', ruleId: 'b' })
  })
  it('never declares a resolved alert or one without a service', () => {
    const rules = [rule({ id: 'a' })]
    expect(routeWithRules({ ...alert, state: 'RESOLVED' }, prod, rules).action).toBe('inbox')
    expect(routeWithRules(alert, null, rules).action).toBe('inbox')
  })
})
