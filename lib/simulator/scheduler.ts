import type { Simulation } from './simulation'
// The simulated account: clusters, services, task definitions, tasks, deployments, target
// groups, alarms. Time-driven: state advances in fixed ticks up to the clock's "now" whenever
// someone looks (sync), so a test can move a manual clock and see the consequences.
import { MINUTE, type SimDeployment, type SimService, type SimTask, type SimTaskDef, type TaskFailure } from './model'
import { HEALTH_CHECK_GRACE, STABILIZE_WITHOUT_TG, UNHEALTHY_REPLACE_AFTER } from './constants'
import { event, logLine, prune } from './minutes'

export function stepService(sim: Simulation, s: SimService, t: number) {
  const leak = s.scenarios.get('memory_leak')
  // Running after this tick's starts and failures. The scheduler below only stops tasks (or adds
  // pending ones): a task it stops shows at the next tick, or in the minute's own count, so the
  // minute's fewest is the same as counting after it.
  let runningNow = 0
  for (const task of s.tasks) {
    if (task.lastStatus === 'STOPPED') continue
    if (task.lastStatus === 'PENDING' && task.desiredStatus === 'RUNNING' && t >= task.readyAt) taskStarted(sim, s, task, t)
    if (task.lastStatus === 'RUNNING') {
      if (task.doom && t >= task.doom.at) {
        failTask(sim, s, task, task.doom.failure, t)
        continue
      }
      if (leak && taskMemory(sim, s, task, t) >= 100) {
        // The task definition is looked up only here: it costs more than the rest of a steady tick.
        const memLimit = Number(sim.taskDefinitionOf(s.cluster.region, s.taskDefinitionArn).body.memory ?? 1024)
        failTask(sim, s, task, oomFailure('memory_leak'), t, Math.round(memLimit))
        continue
      }
      if (task.unhealthySince !== undefined && t - task.unhealthySince >= UNHEALTHY_REPLACE_AFTER) {
        stopTask(sim, s, task, t, `Task failed ELB health checks in (target-group ${s.targetGroup?.arn})`, true)
        event(
          sim,
          s,
          t,
          `(service ${s.name}) (task ${task.id}) (port ${s.containerPort}) is unhealthy in (target-group ${s.targetGroup?.arn}) due to (reason Health checks failed with these codes: [503]).`,
        )
        continue
      }
      // A task that has stayed up for five minutes since the last failure ends the failure streak.
      if (s.consecutiveFailures > 0 && task.startedAt !== undefined && task.startedAt > s.lastFailureAt && t - task.startedAt >= 5 * MINUTE) {
        s.consecutiveFailures = 0
      }
    }
    if ((task.lastStatus === 'DEACTIVATING' || task.lastStatus === 'STOPPING') && t >= (task.stopAt ?? t)) {
      task.lastStatus = 'STOPPED'
      task.stoppedAt = t
      task.exitCode ??= 0
    }
    if (task.lastStatus === 'RUNNING') runningNow++
  }
  schedule(sim, s, t)
  s.runningLow = Math.min(s.runningLow ?? runningNow, runningNow)
  if (s.targetGroup) {
    const failing = s.tasks.filter((x) => x.lastStatus === 'RUNNING' && x.unhealthySince !== undefined && t >= x.unhealthySince).length
    s.unhealthyPeak = Math.max(s.unhealthyPeak, failing)
  }
  if (t % MINUTE === 0) prune(sim, s, t)
}

// The scheduler's questions about tasks, as plain functions: closures made on every tick
// of every service were a good part of a tick at 2,000 services.
const liveTasks = (s: SimService, depId?: string) => s.tasks.filter((x) => x.desiredStatus === 'RUNNING' && (!depId || x.deploymentId === depId))
const healthyAt = (x: SimTask, t: number) =>
  x.lastStatus === 'RUNNING' && t >= (x.healthyAt ?? Infinity) && (x.unhealthySince === undefined || t < x.unhealthySince)

export function schedule(sim: Simulation, s: SimService, t: number) {
  const primary = s.deployments[0]
  const desired = s.desiredCount
  primary.desiredCount = desired

  // Too many tasks in the primary deployment: scale in, pending ones first, then the newest.
  const primaryLive = liveTasks(s, primary.id)
  if (primaryLive.length > desired) {
    const victims = [...primaryLive]
      .sort((a, b) => rank(a) - rank(b) || (b.startedAt ?? b.createdAt) - (a.startedAt ?? a.createdAt))
      .slice(0, primaryLive.length - desired)
    for (const v of victims) stopTask(sim, s, v, t, `Scaling activity initiated by (deployment ${primary.id})`, false)
    stoppedEvents(sim, s, victims, t)
  }

  // Too few: launch, within the 200 % ceiling, unless backing off after failures. A failed
  // deployment keeps trying (with backoff), so clearing the cause lets the service recover.
  if (t >= s.nextLaunchAt) {
    const missing = desired - liveTasks(s, primary.id).length
    const room = Math.max(desired, desired * 2) - liveTasks(s).length
    const n = Math.min(missing, room)
    if (n > 0) launch(sim, s, primary, n, t)
  }

  // Older deployments give way as the primary's tasks become healthy (minimum healthy 100 %).
  if (s.deployments.length > 1) {
    let surplus = liveTasks(s).filter((x) => healthyAt(x, t)).length - desired
    const drained: SimTask[] = []
    for (const dep of s.deployments.slice(1).reverse()) {
      for (const x of liveTasks(s, dep.id)) {
        if (!healthyAt(x, t)) {
          stopTask(sim, s, x, t, `Scaling activity initiated by (deployment ${primary.id})`, false)
          drained.push(x)
        } else if (surplus > 0) {
          stopTask(sim, s, x, t, `Scaling activity initiated by (deployment ${primary.id})`, false)
          drained.push(x)
          surplus--
        }
      }
      dep.desiredCount = liveTasks(s, dep.id).length
    }
    if (drained.length > 0) stoppedEvents(sim, s, drained, t)
    // Drained deployments leave the list; a failed one stays visible until the rollback completes.
    s.deployments = s.deployments.filter(
      (d, i) => i === 0 || d.rolloutState === 'FAILED' || s.tasks.some((x) => x.deploymentId === d.id && x.lastStatus !== 'STOPPED'),
    )
  }

  if (primary.rolloutState === 'IN_PROGRESS' && s.circuitBreaker.enable && primary.failedTasks >= Math.min(200, Math.max(3, Math.ceil(desired * 0.5)))) {
    tripCircuitBreaker(sim, s, primary, t)
    return
  }

  if (primary.rolloutState === 'IN_PROGRESS') {
    const mine = liveTasks(s, primary.id)
    const othersAlive = s.tasks.some((x) => x.deploymentId !== primary.id && x.lastStatus !== 'STOPPED')
    if (mine.length === desired && mine.every((x) => healthyAt(x, t)) && !othersAlive) {
      primary.rolloutState = 'COMPLETED'
      primary.rolloutStateReason = 'ECS deployment completed.'
      primary.updatedAt = t
      s.lastGoodTaskDefinitionArn = primary.taskDefinitionArn
      s.deployments = [primary]
      event(sim, s, t, `(service ${s.name}) (deployment ${primary.id}) deployment completed.`)
    }
  }

  const running = s.tasks.filter((x) => x.lastStatus === 'RUNNING')
  const steady =
    primary.rolloutState === 'COMPLETED' &&
    s.deployments.length === 1 &&
    running.length === desired &&
    s.tasks.every((x) => x.lastStatus === 'STOPPED' || (x.lastStatus === 'RUNNING' && healthyAt(x, t)))
  if (steady && !s.steady) event(sim, s, t, `(service ${s.name}) has reached a steady state.`)
  s.steady = steady
}

export function startDeployment(sim: Simulation, s: SimService, td: SimTaskDef, t: number, opts: { rollback: boolean }): SimDeployment {
  for (const d of s.deployments) d.status = 'ACTIVE'
  const id = `ecs-svc/${sim.rng.digits(19)}`
  const deployment: SimDeployment = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn: td.arn,
    desiredCount: s.desiredCount,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    createdAt: t,
    updatedAt: t,
    doomed: !opts.rollback && (td.bad || s.scenarios.has('failed_deployment')),
    rollback: opts.rollback,
  }
  s.deployments.unshift(deployment)
  s.taskDefinitionArn = td.arn
  s.steady = false
  s.consecutiveFailures = 0
  s.nextLaunchAt = t
  sim.log(`deployment ${id} of ${td.family}:${td.revision} on ${s.cluster.name}/${s.name}${deployment.doomed ? ' (will fail)' : ''}`)
  return deployment
}

export function tripCircuitBreaker(sim: Simulation, s: SimService, failed: SimDeployment, t: number) {
  failed.rolloutState = 'FAILED'
  failed.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.'
  failed.updatedAt = t
  event(sim, s, t, `(service ${s.name}) (deployment ${failed.id}) deployment failed: tasks failed to start.`)
  sim.notice({ kind: 'deployment_failed', service: s, deployment: failed, at: t })
  if (!s.circuitBreaker.rollback || failed.rollback) {
    const why = failed.rollback ? 'the rollback itself failed' : 'rollback is turned off'
    event(sim, s, t, `(service ${s.name}) (deployment ${failed.id}) ECS deployment circuit breaker marked the deployment failed; ${why}.`)
    return
  }
  const previous = s.deployments.find((d) => d !== failed && d.rolloutState === 'COMPLETED')
  const target = sim.taskDefinitionOf(s.cluster.region, s.lastGoodTaskDefinitionArn)
  const rollback = startDeployment(sim, s, target, t, { rollback: true })
  const to = previous ? `deploymentId ${previous.id}` : `task definition ${target.family}:${target.revision}`
  rollback.rolloutStateReason = `ECS deployment circuit breaker: rolling back to ${to}.`
  event(sim, s, t, `(service ${s.name}) ECS deployment circuit breaker: rolling back to ${to} (${target.family}:${target.revision}).`)
  for (const x of s.tasks.filter((x) => x.deploymentId === failed.id && x.desiredStatus === 'RUNNING')) {
    stopTask(sim, s, x, t, `Scaling activity initiated by (deployment ${rollback.id})`, false)
  }
  schedule(sim, s, t)
}

export function newTask(sim: Simulation, s: SimService, dep: SimDeployment, t: number): SimTask {
  const id = sim.rng.hex(32)
  const task: SimTask = {
    id,
    arn: `arn:aws:ecs:${s.cluster.region}:${sim.accountId}:task/${s.cluster.name}/${id}`,
    serviceKey: s.key,
    deploymentId: dep.id,
    taskDefinitionArn: dep.taskDefinitionArn,
    lastStatus: 'PENDING',
    desiredStatus: 'RUNNING',
    createdAt: t,
    readyAt: t + Math.round(sim.rng.between(15, 35)) * 1000,
    ip: `10.0.${sim.rng.int(0, 63)}.${sim.rng.int(2, 254)}`,
    availabilityZone: `${s.cluster.region}${'abc'[sim.rng.int(0, 2)]}`,
  }
  s.tasks.push(task)
  return task
}

export function launch(sim: Simulation, s: SimService, dep: SimDeployment, n: number, t: number) {
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push(newTask(sim, s, dep, t).id)
  event(sim, s, t, `(service ${s.name}) has started ${n} tasks: ${ids.map((id) => `(task ${id})`).join(' ')}.`)
}

export function taskStarted(sim: Simulation, s: SimService, task: SimTask, t: number) {
  task.lastStatus = 'RUNNING'
  task.startedAt = t
  task.healthyAt = t + (s.targetGroup ? HEALTH_CHECK_GRACE : STABILIZE_WITHOUT_TG)
  const dep = s.deployments.find((d) => d.id === task.deploymentId)
  if (dep?.doomed) {
    task.doom = { at: t + Math.round(sim.rng.between(4, 15)) * 1000, failure: crashFailure('bad_deployment') }
  } else if (s.scenarios.has('crash_loop')) {
    task.doom = { at: t + Math.round(sim.rng.between(5, 25)) * 1000, failure: crashFailure('crash_loop') }
  } else if (s.scenarios.has('oom')) {
    task.doom = { at: t + Math.round(sim.rng.between(60, 240)) * 1000, failure: oomFailure('oom') }
  }
  const unhealthy = s.scenarios.get('unhealthy_targets')
  if (unhealthy && s.targetGroup) {
    // Keep about the requested share of live targets failing their checks.
    const live = s.tasks.filter((x) => x.desiredStatus === 'RUNNING' && x.startedAt !== undefined)
    const failing = live.filter((x) => x.unhealthySince !== undefined).length
    if (failing < Math.max(1, Math.ceil(live.length * (unhealthy.options.unhealthyShare ?? 0.5)))) task.unhealthySince = task.healthyAt
  }
  const td = sim.taskDefinitionOf(s.cluster.region, task.taskDefinitionArn)
  const image = String((td.body.containerDefinitions as { image?: string }[])[0]?.image ?? '')
  const version = image.split(':').pop()
  logLine(sim, s, task, t, `INFO  ${s.name} ${version} started${s.containerPort ? `, listening on :${s.containerPort}` : ''}`)
  if (s.targetGroup) event(sim, s, t, `(service ${s.name}) registered 1 targets in (target-group ${s.targetGroup.arn})`)
}

/** A container exit: the task stops at once. */
export function failTask(sim: Simulation, s: SimService, task: SimTask, failure: TaskFailure, t: number, memLimit?: number) {
  task.lastStatus = 'STOPPED'
  task.desiredStatus = 'STOPPED'
  task.stoppingAt = t
  task.stoppedAt = t
  task.stoppedReason = failure.stoppedReason
  task.stopCode = failure.stopCode
  task.exitCode = failure.exitCode
  task.containerReason = failure.containerReason
  task.doom = undefined
  countFailure(sim, s, task, t)
  sim.notice({ kind: 'task_stopped', service: s, task, at: t })
  if (failure.exitCode === 137) {
    const limit = memLimit ?? Number(sim.taskDefinitionOf(s.cluster.region, task.taskDefinitionArn).body.memory ?? 1024)
    logLine(sim, s, task, t - 1000, `WARN  memory pressure: rss ${Math.round(limit * 0.97)} MiB of ${limit} MiB`)
    logLine(sim, s, task, t, `FATAL out of memory: heap limit reached, process killed (rss ${limit} MiB of ${limit} MiB)`)
  } else if (failure.cause === 'bad_deployment') {
    logLine(sim, s, task, t - 1000, `ERROR Error: required setting UPSTREAM_BASE_URL is missing or empty`)
    logLine(sim, s, task, t, `FATAL startup failed, process exiting with code 1`)
  } else {
    logLine(sim, s, task, t - 1000, `ERROR Unhandled exception: Error: connect ECONNREFUSED 10.0.12.4:5432 (database)`)
    logLine(sim, s, task, t, `FATAL process exiting with code 1`)
  }
}

/** The scheduler stops a task: it drains, then stops. */
export function stopTask(sim: Simulation, s: SimService, task: SimTask, t: number, reason: string, failed: boolean) {
  task.desiredStatus = 'STOPPED'
  task.stoppingAt = t
  task.stoppedReason = reason
  task.stopCode = 'ServiceSchedulerInitiated'
  task.doom = undefined
  if (task.lastStatus === 'PENDING') {
    task.lastStatus = 'STOPPED'
    task.stoppedAt = t
  } else {
    task.lastStatus = s.targetGroup ? 'DEACTIVATING' : 'STOPPING'
    task.stopAt = t + (s.targetGroup ? 15_000 : 5_000)
    if (failed) task.exitCode = 143
    logLine(sim, s, task, t, `INFO  received SIGTERM, shutting down`)
  }
  if (failed) countFailure(sim, s, task, t)
}

export function countFailure(sim: Simulation, s: SimService, task: SimTask, t: number) {
  const dep = s.deployments.find((d) => d.id === task.deploymentId)
  if (dep && dep.rolloutState === 'IN_PROGRESS') {
    dep.failedTasks++
    dep.updatedAt = t
  }
  s.consecutiveFailures++
  s.lastFailureAt = t
  s.nextLaunchAt = t + Math.min(300_000, 10_000 * 2 ** (Math.min(s.consecutiveFailures, 6) - 1))
  s.steady = false
  if (s.consecutiveFailures === 3) {
    event(
      sim,
      s,
      t,
      `(service ${s.name}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
    )
  }
}

export function stoppedEvents(sim: Simulation, s: SimService, tasks: SimTask[], t: number) {
  const running = tasks.filter((x) => x.startedAt !== undefined)
  if (running.length === 0) return
  const list = running.map((x) => `(task ${x.id})`).join(' ')
  if (s.targetGroup) {
    event(sim, s, t, `(service ${s.name}) has begun draining connections on ${running.length} tasks.`)
    event(sim, s, t, `(service ${s.name}) deregistered ${running.length} targets in (target-group ${s.targetGroup.arn})`)
  }
  event(sim, s, t, `(service ${s.name}) has stopped ${running.length} running tasks: ${list}.`)
}

export function taskMemory(sim: Simulation, s: SimService, task: SimTask, t: number): number {
  const leak = s.scenarios.get('memory_leak')
  const base = s.profile.baseMem
  if (!leak || task.startedAt === undefined) return base
  const since = Math.max(task.startedAt, Date.parse(leak.startedAt))
  return base + (leak.options.leakPerMinute ?? 2.5) * ((t - since) / MINUTE)
}

export function rank(x: SimTask) {
  return x.lastStatus === 'PENDING' ? 0 : 1
}

export function crashFailure(cause: TaskFailure['cause']): TaskFailure {
  return { exitCode: 1, stoppedReason: 'Essential container in task exited', stopCode: 'EssentialContainerExited', cause }
}

export function oomFailure(cause: TaskFailure['cause']): TaskFailure {
  return {
    exitCode: 137,
    containerReason: 'OutOfMemoryError: Container killed due to memory usage',
    stoppedReason: 'Essential container in task exited',
    stopCode: 'EssentialContainerExited',
    cause,
  }
}
