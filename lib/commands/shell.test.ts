import { describe, expect, it } from 'vitest'
import { sh, shellQuote } from './shell'

describe('shellQuote', () => {
  it('leaves ordinary AWS names bare', () => {
    expect(shellQuote('orders-api')).toBe('orders-api')
    expect(shellQuote('arn:aws:ecs:us-east-1:123456789012:service/shop-prod/orders-api')).toBe(
      'arn:aws:ecs:us-east-1:123456789012:service/shop-prod/orders-api',
    )
  })

  it('quotes anything a shell would interpret, so it stays one inert argument', () => {
    expect(shellQuote('a b')).toBe("'a b'")
    expect(shellQuote('x; rm -rf /')).toBe("'x; rm -rf /'")
    expect(shellQuote('$(whoami)')).toBe("'$(whoami)'")
    expect(shellQuote('`id`')).toBe("'`id`'")
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`)
    expect(shellQuote('')).toBe("''")
    expect(shellQuote('line\nbreak')).toBe("'line\nbreak'")
  })
})

describe('sh', () => {
  it('quotes the values, not the words around them', () => {
    const cluster = 'shop-prod'
    const service = 'orders api; echo pwned'
    expect(sh`aws ecs describe-services --cluster ${cluster} --services ${service}`).toBe(
      "aws ecs describe-services --cluster shop-prod --services 'orders api; echo pwned'",
    )
  })
})
