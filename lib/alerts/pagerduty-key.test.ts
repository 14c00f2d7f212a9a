import { describe, expect, it } from 'vitest'
import { parseStoredPagerDuty, routingKeyPreview } from './pagerduty'
import { routingKeyOf, sealPagerDuty } from './pagerduty-key'

const secret = 'unit-test-database-credentials-key-0123456789'

describe('the PagerDuty routing key at rest', () => {
  it('is sealed: the stored value holds no key, parses back, and opens with the same secret only', () => {
    const sealed = sealPagerDuty({ enabled: true, url: 'https://events.pagerduty.com/v2/enqueue', routingKey: 'ROUTING-KEY-abcd' }, secret)
    expect(JSON.stringify(sealed)).not.toContain('ROUTING-KEY')
    const parsed = parseStoredPagerDuty(JSON.parse(JSON.stringify(sealed)))!
    expect(routingKeyPreview(parsed)).toBe('…abcd')
    expect(routingKeyOf(parsed, secret)).toBe('ROUTING-KEY-abcd')
    expect(() => routingKeyOf(parsed, 'another-secret-of-at-least-32-characters!')).toThrow()
  })

  it('still reads a key an earlier release stored in plain text', () => {
    const plain = parseStoredPagerDuty({ enabled: false, url: 'https://events.pagerduty.com/v2/enqueue', routingKey: 'OLD-KEY-9876' })!
    expect(routingKeyPreview(plain)).toBe('…9876')
    expect(routingKeyOf(plain, secret)).toBe('OLD-KEY-9876')
    expect(parseStoredPagerDuty({ enabled: true, url: 'https://x.example', routingKeyEncrypted: 'not-sealed', routingKeyLast4: 'abcd' })).toBeNull()
  })
})
