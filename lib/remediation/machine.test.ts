import { describe, expect, it } from 'vitest'
import type { EcsServiceStatus } from '@/lib/aws/types'
import { judgeDeployment, landedDeployment } from './judge'
import { columnsOf, remediationEvents, stateOf, terminal, transition, transitions } from './machine'

const dep = (id: string, over: Partial<EcsServiceStatus['deployments'][number]> = {}) => ({
  id,
  status: 'PRIMARY',
  taskDefinitionArn: `arn:td/app:${id}`,
  taskDefinition: `app:${id}`,
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  failedTasks: 0,
  rolloutState: 'COMPLETED' as const,
  rolloutStateReason: null,
  createdAt: null,
  updatedAt: null,
  ...over,
})
const service = (deployments: ReturnType<typeof dep>[], over: Partial<EcsServiceStatus> = {}) =>
  ({
    desiredCount: 2,
    runningCount: 2,
    taskDefinition: deployments[0].taskDefinition,
    taskDefinitionArn: deployments[0].taskDefinitionArn,
    deployments,
    primaryDeployment: deployments.find((d) => d.status === 'PRIMARY') ?? null,
    events: [],
    ...over,
  }) as unknown as EcsServiceStatus

describe('the remediation state machine', () => {
  it('has no way out of a terminal state, and every event it names exists', () => {
    for (const t of terminal) for (const e of remediationEvents) expect(transition(stateOf(t, null), e)).toBeNull()
    for (const row of Object.values(transitions)) for (const e of Object.keys(row ?? {})) expect(remediationEvents).toContain(e)
  })

  it('never sends twice: no event leads back to SENDING once a request left it', () => {
    const targets = Object.entries(transitions).flatMap(([from, row]) => Object.values(row ?? {}).map((to) => [from, to]))
    expect(targets.filter(([, to]) => to === 'EXECUTING:SENDING')).toEqual([['APPROVED', 'EXECUTING:SENDING']])
  })

  it('a call without an answer is verified, then landed or not landed; a lost outcome is UNKNOWN', () => {
    expect(transition('EXECUTING:SENDING', 'no_answer')).toBe('EXECUTING:VERIFYING')
    expect(transition('EXECUTING:VERIFYING', 'landed')).toBe('EXECUTING:WATCHING')
    expect(transition('EXECUTING:VERIFYING', 'not_landed')).toBe('FAILED')
    expect(transition('EXECUTING:WATCHING', 'lost')).toBe('UNKNOWN')
    expect(columnsOf('EXECUTING:WATCHING')).toEqual({ status: 'EXECUTING', stage: 'WATCHING' })
    expect(stateOf('EXECUTING', null)).toBe('EXECUTING:SENDING')
  })
})

describe('judging only our deployment', () => {
  it('ignores an older deployment the circuit breaker failed', () => {
    const failed = dep('old', { status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })
    const mine = dep('mine', { rolloutState: 'IN_PROGRESS' })
    expect(judgeDeployment(service([mine, failed]), 'mine', undefined, 'api')).toBeNull()
    expect(judgeDeployment(service([dep('mine')]), 'mine', undefined, 'api')?.event).toBe('completed')
  })

  it('fails on our own FAILED rollout, and calls a replaced deployment unknown', () => {
    const mineFailed = dep('mine', { status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'circuit breaker' })
    expect(judgeDeployment(service([dep('rb', { rolloutState: 'IN_PROGRESS' }), mineFailed]), 'mine', undefined, 'api')).toMatchObject({
      event: 'failed',
      text: expect.stringContaining('ECS rolled back to app:rb'),
    })
    expect(judgeDeployment(service([dep('other', { rolloutState: 'IN_PROGRESS' })]), 'mine', undefined, 'api')?.event).toBe('replaced')
  })

  it('waits for a steady-state event newer than the change', () => {
    const s = service([dep('mine')], { events: [{ id: 'e1', at: null, message: '(service api) has reached a steady state.' }] })
    expect(judgeDeployment(s, 'mine', undefined, 'api', 'e1')).toBeNull()
    const later = service([dep('mine')], {
      events: [
        { id: 'e2', at: null, message: '(service api) has reached a steady state.' },
        { id: 'e1', at: null, message: 'x' },
      ],
    })
    expect(judgeDeployment(later, 'mine', undefined, 'api', 'e1')?.event).toBe('completed')
  })

  it('finds a change that landed: a new deployment on the target, or the wanted desired count', () => {
    const before = { deploymentIds: ['a'], desired: 2, taskDefinitionArn: 'arn:td/app:a' }
    const s = service([dep('b'), dep('a', { status: 'ACTIVE' })])
    expect(landedDeployment(s, { kind: 'ROLLBACK', taskDefinitionArn: 'arn:td/app:b' }, before)?.id).toBe('b')
    expect(landedDeployment(s, { kind: 'ROLLBACK', taskDefinitionArn: 'arn:td/app:c' }, before)).toBeNull()
    expect(landedDeployment(service([dep('a')]), { kind: 'FORCE_NEW_DEPLOYMENT' }, before)).toBeNull()
    expect(landedDeployment(service([dep('a')], { desiredCount: 4 }), { kind: 'SCALE', desiredCount: 4 }, before)?.id).toBe('a')
  })
})
