import { describe, expect, it } from 'vitest'
import { demoSeedWanted } from './app'

describe('the demo seed at start', () => {
  it('fills the embedded database beside the simulator', () => {
    expect(demoSeedWanted({ embeddedDatabase: true, simulatedAws: true })).toBe(true)
  })

  it('never beside real AWS or in your own database unless asked', () => {
    expect(demoSeedWanted({ embeddedDatabase: true, simulatedAws: false })).toBe(false)
    expect(demoSeedWanted({ embeddedDatabase: false, simulatedAws: true })).toBe(false)
    expect(demoSeedWanted({ seedDemo: '1', embeddedDatabase: false, simulatedAws: false })).toBe(true)
  })

  it('SEED_DEMO=0 skips it even where it would be seeded', () => {
    expect(demoSeedWanted({ seedDemo: '0', embeddedDatabase: true, simulatedAws: true })).toBe(false)
  })
})
