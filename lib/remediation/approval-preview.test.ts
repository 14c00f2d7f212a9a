import { describe, expect, it } from 'vitest'
import { approvalPreview, taskDefinitionName } from './approval-preview'

const before = {
  desired: 4,
  running: 4,
  taskDefinition: 'orders-api:41',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/orders-api:41',
  memory: '512',
  cpu: '256',
  image: 'registry.example.com/orders-api:2026-11-29.2',
}

describe('approvalPreview', () => {
  it('shows a rollback as the task definitions from and to, with the database-migration warning', () => {
    const p = approvalPreview({
      kind: 'ROLLBACK',
      before,
      params: {
        kind: 'ROLLBACK',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/orders-api:40',
        image: 'registry.example.com/orders-api:2026-11-28.1',
      },
    })
    expect(p.details[0]).toEqual({ label: 'task definition', from: 'orders-api:41', to: 'orders-api:40' })
    expect(p.details).toContainEqual({
      label: 'image',
      from: 'registry.example.com/orders-api:2026-11-29.2',
      to: 'registry.example.com/orders-api:2026-11-28.1',
    })
    expect(p.warnings[0]).toMatch(/Database migrations that orders-api:41 applied are not rolled back.*orders-api:40/)
    expect(p.warnings).toContain('4/4 tasks running when asked')
  })

  it('warns when a scale removes more than half or all capacity', () => {
    expect(approvalPreview({ kind: 'SCALE', before, params: { kind: 'SCALE', desiredCount: 0 } })).toEqual({
      details: [{ label: 'desired tasks', from: '4', to: '0' }],
      warnings: ['Scaling to zero stops every task: the service takes no traffic until scaled up again.'],
    })
    expect(approvalPreview({ kind: 'SCALE', before, params: { kind: 'SCALE', desiredCount: 1 } }).warnings).toEqual([
      'This removes more than half of the running capacity.',
    ])
    expect(approvalPreview({ kind: 'SCALE', before, params: { kind: 'SCALE', desiredCount: 8 } }).warnings).toEqual([])
  })

  it('shows memory and cpu changes', () => {
    const p = approvalPreview({ kind: 'RAISE_MEMORY', before, params: { kind: 'RAISE_MEMORY', memoryMiB: 1024, cpu: 512 } })
    expect(p.details).toEqual([
      { label: 'memory (MiB)', from: '512', to: '1024' },
      { label: 'cpu units', from: '256', to: '512' },
    ])
  })

  it('survives a request stored without its state before', () => {
    expect(approvalPreview({ kind: 'ROLLBACK', before: null, params: null }).details[0]).toEqual({ label: 'task definition', from: '?', to: '?' })
    expect(approvalPreview({ kind: 'ROLLBACK', before: null, params: null }).details).toContainEqual({ label: 'image', from: '?', to: '?' })
    expect(taskDefinitionName('orders-api:3')).toBe('orders-api:3')
  })
})
