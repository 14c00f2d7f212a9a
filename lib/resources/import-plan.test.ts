import { describe, expect, it } from 'vitest'
import { postgresMaxConnections } from './import-plan'

describe('postgresMaxConnections', () => {
  it('follows the default parameter group formula, capped at 5000', () => {
    expect(postgresMaxConnections('db.t4g.micro')).toBe(112)
    expect(postgresMaxConnections('db.r6g.large')).toBe(1802)
    expect(postgresMaxConnections('db.m5.xlarge')).toBe(1802)
    expect(postgresMaxConnections('db.r6g.4xlarge')).toBe(5000)
  })
  it('does not guess for a class it does not know', () => {
    expect(postgresMaxConnections('db.serverless')).toBeNull()
    expect(postgresMaxConnections('cache.r6g.large')).toBeNull()
  })
})
