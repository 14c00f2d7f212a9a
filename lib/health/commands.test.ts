import { describe, expect, it } from 'vitest'
import { serviceCommands } from './commands'

describe('serviceCommands', () => {
  it('fills in the service, cluster and region', () => {
    const cmds = serviceCommands({ region: 'us-east-1', cluster: 'shop-prod', ecsServiceName: 'orders-api' })
    expect(cmds[0].command).toBe('aws ecs describe-services --region us-east-1 --cluster shop-prod --services orders-api')
    expect(cmds.map((c) => c.label)).not.toContain('Load balancer target health')
  })

  it('adds target health and the probe when the service has them', () => {
    const cmds = serviceCommands({
      region: 'eu-west-1',
      cluster: 'c',
      ecsServiceName: 's',
      targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/s/abc',
      healthUrl: 'https://s.example.com/healthz?deep=1&x=2',
    })
    expect(cmds.find((c) => c.label === 'Load balancer target health')?.command).toContain('--target-group-arn arn:aws:elasticloadbalancing')
    expect(cmds.find((c) => c.label === 'Probe the health endpoint')?.command).toContain("'https://s.example.com/healthz?deep=1&x=2'")
  })

  it('keeps a hostile name inert', () => {
    const cmds = serviceCommands({ region: 'us-east-1', cluster: 'prod', ecsServiceName: 'api$(reboot)' })
    for (const c of cmds) {
      // Split on single quotes: even pieces are outside quotes, where the shell would expand $(...).
      const outside = c.command.split("'").filter((_, i) => i % 2 === 0)
      expect(outside.join(' '), c.label).not.toContain('$(reboot)')
    }
    expect(cmds[0].command).toContain("'api$(reboot)'")
  })
})
