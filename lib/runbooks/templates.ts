// Copyable commands that several runbooks share. Every value we know about the service is put
// in with `sh`, so an odd name stays one quoted argument; a value we do not know becomes a
// shell variable the person sets first ("$DB_INSTANCE_ID"). Nothing here is ever executed.
import { sh } from '@/lib/commands/shell'
import { logGroupOf as serviceLogGroup } from '@/lib/health/commands'
import type { CommandContext, CommandTemplate, CommunicationStep, PlainCommand, ShellCommand, VerificationStep } from './types'

export const shell = (label: string, template: CommandTemplate): ShellCommand => ({ label, lang: 'sh', template })
export const sql = (label: string, text: string): PlainCommand => ({ label, lang: 'sql', text })
export const insights = (label: string, text: string): PlainCommand => ({ label, lang: 'logs-insights', text })

/** A reference to a shell variable the person sets, e.g. "$DB_INSTANCE_ID". */
export const variable = (name: string) => {
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`Not a shell variable name: ${name}`)
  return `"$${name}"`
}

/** The value quoted for the shell when we know it, else the variable to set. */
export const valueOr = (value: string | null | undefined, name: string) => (value ? sh`${value}` : variable(name))

export const logGroupOf = (ctx: CommandContext) => serviceLogGroup({ cluster: ctx.cluster, ecsServiceName: ctx.service, logGroup: ctx.logGroup || null })

/** "family:revision" from an ARN or a short name. */
export const shortTaskDefinition = (td: string) => td.slice(td.lastIndexOf('/') + 1)

export function familyOf(ctx: CommandContext) {
  if (ctx.family) return ctx.family
  if (ctx.taskDefinition) return shortTaskDefinition(ctx.taskDefinition).split(':')[0]
  return ctx.service
}

/** The host name of the health URL, when there is one that parses. */
export function hostOf(ctx: CommandContext): string | null {
  if (!ctx.healthUrl) return null
  try {
    return new URL(ctx.healthUrl).hostname || null
  } catch {
    return null
  }
}

/** The service's host name quoted for the shell, else "$DOMAIN". */
export const domainArg = (ctx: CommandContext) => valueOr(hostOf(ctx), 'DOMAIN')

/** "targetgroup/<name>/<id>", the CloudWatch dimension of a target group ARN. */
export const targetGroupDimensionOf = (arn: string) => arn.slice(arn.indexOf('targetgroup/'))

/** The resource id Application Auto Scaling uses for an ECS service. */
const scalingResource = (ctx: CommandContext) => sh`service/${ctx.cluster}/${ctx.service}`

const since = (minutes: number) => `"$(date -u -d '-${minutes} minutes' +%FT%TZ)"`
const now = `"$(date -u +%FT%TZ)"`

// ---- ECS ----

export const serviceCounts = shell(
  'Task counts and rollout state',
  (c) =>
    `${sh`aws ecs describe-services --region ${c.region} --cluster ${c.cluster} --services ${c.service}`} --query 'services[0].{status:status,desired:desiredCount,running:runningCount,pending:pendingCount,taskDefinition:taskDefinition,rollout:deployments[0].rolloutState}'`,
)

export const serviceEvents = shell(
  'Latest service events',
  (c) =>
    `${sh`aws ecs describe-services --region ${c.region} --cluster ${c.cluster} --services ${c.service}`} --query 'services[0].events[0:15].[createdAt,message]' --output table`,
)

export const serviceDeployments = shell(
  'Deployments in flight',
  (c) =>
    `${sh`aws ecs describe-services --region ${c.region} --cluster ${c.cluster} --services ${c.service}`} --query 'services[0].deployments[].{status:status,taskDefinition:taskDefinition,rollout:rolloutState,reason:rolloutStateReason,desired:desiredCount,running:runningCount,failed:failedTasks,created:createdAt}'`,
)

export const runningTasks = shell(
  'Running tasks',
  (c) => sh`aws ecs list-tasks --region ${c.region} --cluster ${c.cluster} --service-name ${c.service} --desired-status RUNNING`,
)

export const stoppedTasks = shell(
  'Recently stopped tasks',
  (c) => sh`aws ecs list-tasks --region ${c.region} --cluster ${c.cluster} --service-name ${c.service} --desired-status STOPPED --max-items 10`,
)

export const lastStoppedTask = shell(
  'Why the latest task stopped (reason and exit codes)',
  (c) =>
    `${sh`aws ecs describe-tasks --region ${c.region} --cluster ${c.cluster}`} --tasks "$(${sh`aws ecs list-tasks --region ${c.region} --cluster ${c.cluster} --service-name ${c.service} --desired-status STOPPED`} --query 'taskArns[0]' --output text)" --query 'tasks[0].{stopped:stoppedReason,stopCode:stopCode,at:stoppedAt,containers:containers[].{name:name,exit:exitCode,reason:reason}}'`,
)

export const describeTask = shell(
  'Details of one task (set TASK_ARN from the list above)',
  (c) =>
    `${sh`aws ecs describe-tasks --region ${c.region} --cluster ${c.cluster} --tasks`} "$TASK_ARN" --query 'tasks[0].{status:lastStatus,health:healthStatus,stopped:stoppedReason,containers:containers[].{name:name,exit:exitCode,reason:reason,health:healthStatus}}'`,
)

export const taskDefinitionRevisions = shell(
  'Latest task definition revisions',
  (c) => sh`aws ecs list-task-definitions --region ${c.region} --family-prefix ${familyOf(c)} --sort DESC --max-items 5`,
)

export const taskDefinitionResources = shell(
  'CPU, memory and images of the running task definition',
  (c) =>
    `${sh`aws ecs describe-task-definition --region ${c.region} --task-definition`} ${valueOr(c.taskDefinition, 'TASK_DEFINITION')} --query 'taskDefinition.{revision:revision,cpu:cpu,memory:memory,containers:containerDefinitions[].{name:name,image:image,memory:memory,reservation:memoryReservation,healthCheck:healthCheck.command}}'`,
)

export const forceNewDeploymentCli = shell(
  'Rolling restart (force a new deployment)',
  (c) => sh`aws ecs update-service --region ${c.region} --cluster ${c.cluster} --service ${c.service} --force-new-deployment`,
)

export const waitStable = shell(
  'Wait until the service is steady',
  (c) => sh`aws ecs wait services-stable --region ${c.region} --cluster ${c.cluster} --services ${c.service}`,
)

export const rollbackCli = shell(
  'Deploy the previous task definition',
  (c) =>
    `${sh`aws ecs update-service --region ${c.region} --cluster ${c.cluster} --service ${c.service} --task-definition`} ${valueOr(c.previousTaskDefinition, 'PREVIOUS_TASK_DEFINITION')}`,
)

export const setDesiredCount = (label: string, count: string) =>
  shell(label, (c) => `${sh`aws ecs update-service --region ${c.region} --cluster ${c.cluster} --service ${c.service} --desired-count`} ${count}`)

export const ecsExec = shell(
  'Open a shell inside a running task (needs ECS Exec enabled)',
  (c) =>
    `${sh`aws ecs execute-command --region ${c.region} --cluster ${c.cluster}`} --task "$TASK_ARN" --container "$CONTAINER" --interactive --command /bin/sh`,
)

export const taskNetworking = shell(
  'Subnets and security groups the tasks use',
  (c) =>
    `${sh`aws ecs describe-services --region ${c.region} --cluster ${c.cluster} --services ${c.service}`} --query 'services[0].networkConfiguration.awsvpcConfiguration'`,
)

export const scalingActivities = shell(
  'Recent auto scaling activity (look for thrashing or hitting the maximum)',
  (c) =>
    `${sh`aws application-autoscaling describe-scaling-activities --region ${c.region} --service-namespace ecs --resource-id`} ${scalingResource(c)} --max-items 10 --query 'ScalingActivities[].[StartTime,StatusCode,Description]' --output table`,
)

export const scalingLimits = shell(
  'Auto scaling minimum, maximum and whether scale-in is suspended',
  (c) => `${sh`aws application-autoscaling describe-scalable-targets --region ${c.region} --service-namespace ecs --resource-ids`} ${scalingResource(c)}`,
)

export const suspendScaleIn = shell(
  'Stop auto scaling from removing tasks (keep scale-out)',
  (c) =>
    `${sh`aws application-autoscaling register-scalable-target --region ${c.region} --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id`} ${scalingResource(c)} --suspended-state DynamicScalingInSuspended=true`,
)

export const resumeScaleIn = shell(
  'Let auto scaling remove tasks again',
  (c) =>
    `${sh`aws application-autoscaling register-scalable-target --region ${c.region} --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id`} ${scalingResource(c)} --suspended-state DynamicScalingInSuspended=false`,
)

// ---- logs ----

export const tailLogs = (minutes = 10) =>
  shell(`Follow the logs (last ${minutes} minutes)`, (c) => sh`aws logs tail ${logGroupOf(c)} --region ${c.region} --since ${`${minutes}m`} --follow`)

export const grepLogs = (label: string, pattern: string, minutes = 60) =>
  shell(label, (c) => sh`aws logs tail ${logGroupOf(c)} --region ${c.region} --since ${`${minutes}m`} --filter-pattern ${pattern}`)

export const errorLogs = grepLogs('Error lines of the last hour', '?ERROR ?FATAL ?Exception ?panic')

// ---- metrics ----

const ecsMetric = (metric: 'CPUUtilization' | 'MemoryUtilization', minutes: number) => (c: CommandContext) =>
  `${sh`aws cloudwatch get-metric-statistics --region ${c.region} --namespace AWS/ECS --metric-name ${metric} --dimensions Name=ClusterName,Value=${c.cluster} Name=ServiceName,Value=${c.service}`} --statistics Average Maximum --period 300 --start-time ${since(minutes)} --end-time ${now} --query 'sort_by(Datapoints,&Timestamp)[].[Timestamp,Average,Maximum]' --output table`

export const cpuStats = shell('CPU over the last hour (5-minute average and peak)', ecsMetric('CPUUtilization', 60))
export const memoryStats = shell('Memory over the last hour (5-minute average and peak)', ecsMetric('MemoryUtilization', 60))

const albMetric = (metric: string, statistic: 'Sum' | 'Average' | 'Maximum') => (c: CommandContext) =>
  `${sh`aws cloudwatch get-metric-statistics --region ${c.region} --namespace AWS/ApplicationELB --metric-name ${metric}`} --dimensions Name=LoadBalancer,Value="$ALB_DIMENSION" Name=TargetGroup,Value=${c.targetGroupArn ? sh`${targetGroupDimensionOf(c.targetGroupArn)}` : '"$TARGET_GROUP_DIMENSION"'} --statistics ${statistic} --period 300 --start-time ${since(60)} --end-time ${now} --query 'sort_by(Datapoints,&Timestamp)[].[Timestamp,${statistic}]' --output table`

export const target5xx = shell('Target 5xx count over the last hour (ALB_DIMENSION is app/<name>/<id>)', albMetric('HTTPCode_Target_5XX_Count', 'Sum'))
export const elb5xx = shell('5xx produced by the load balancer itself (502/503/504), last hour', albMetric('HTTPCode_ELB_5XX_Count', 'Sum'))
export const targetLatency = shell('Target response time over the last hour, in seconds', albMetric('TargetResponseTime', 'Average'))

// ---- load balancer ----

export const targetHealthCli = shell(
  'Load balancer target health',
  (c) =>
    `${sh`aws elbv2 describe-target-health --region ${c.region} --target-group-arn`} ${valueOr(c.targetGroupArn, 'TARGET_GROUP_ARN')} --query 'TargetHealthDescriptions[].{target:Target.Id,port:Target.Port,state:TargetHealth.State,reason:TargetHealth.Reason,detail:TargetHealth.Description}' --output table`,
)

export const healthCheckSettings = shell(
  'Health check settings of the target group',
  (c) =>
    `${sh`aws elbv2 describe-target-groups --region ${c.region} --target-group-arns`} ${valueOr(c.targetGroupArn, 'TARGET_GROUP_ARN')} --query 'TargetGroups[0].{path:HealthCheckPath,port:HealthCheckPort,codes:Matcher.HttpCode,interval:HealthCheckIntervalSeconds,timeout:HealthCheckTimeoutSeconds,healthyAfter:HealthyThresholdCount,unhealthyAfter:UnhealthyThresholdCount}'`,
)

// ---- probes ----

export const probeHealth = shell(
  'Probe the health URL (status and time)',
  (c) => `curl -sS -o /dev/null -w '%{http_code} %{time_total}s\\n' ${valueOr(c.healthUrl, 'HEALTH_URL')}`,
)

export const probeHealthVerbose = shell('Fetch the health URL and show the response', (c) => `curl -sS -i --max-time 10 ${valueOr(c.healthUrl, 'HEALTH_URL')}`)

export const alarmsInAlarm = shell(
  'Alarms firing now',
  (c) =>
    `${sh`aws cloudwatch describe-alarms --region ${c.region} --state-value ALARM`} --query 'MetricAlarms[].{name:AlarmName,metric:MetricName,since:StateUpdatedTimestamp,reason:StateReason}' --output table`,
)

// ---- databases (PostgreSQL on RDS) ----

export const psqlConnect = shell('Open psql against the database (DATABASE_URL from the secret)', () => 'psql "$DATABASE_URL"')

export const dbInstance = shell(
  'Database instance state, class and endpoint',
  (c) =>
    `${sh`aws rds describe-db-instances --region ${c.region} --db-instance-identifier`} ${variable('DB_INSTANCE_ID')} --query 'DBInstances[0].{status:DBInstanceStatus,class:DBInstanceClass,multiAz:MultiAZ,endpoint:Endpoint.Address,replicas:ReadReplicaDBInstanceIdentifiers,storageGiB:AllocatedStorage}'`,
)

export const dbMetric = (label: string, metric: string, instanceVariable = 'DB_INSTANCE_ID') =>
  shell(
    label,
    (c) =>
      `${sh`aws cloudwatch get-metric-statistics --region ${c.region} --namespace AWS/RDS --metric-name ${metric}`} --dimensions Name=DBInstanceIdentifier,Value=${variable(instanceVariable)} --statistics Average Maximum --period 300 --start-time ${since(60)} --end-time ${now} --query 'sort_by(Datapoints,&Timestamp)[].[Timestamp,Average,Maximum]' --output table`,
  )

export const connectionCount = sql('Connections open right now', 'SELECT count(*) AS connections FROM pg_stat_activity;')

export const connectionsByState = sql(
  'Connections by state (many "idle in transaction" points at a leak)',
  `SELECT state, count(*) AS connections
FROM pg_stat_activity
GROUP BY state
ORDER BY connections DESC;`,
)

export const connectionLimit = sql(
  'How close the database is to its connection limit',
  `SELECT count(*) AS used,
       current_setting('max_connections')::int AS max,
       round(100.0 * count(*) / current_setting('max_connections')::int) AS pct
FROM pg_stat_activity;`,
)

export const longestQueries = sql(
  'The ten longest-running statements',
  `SELECT pid, usename, state, now() - query_start AS running_for, left(query, 200) AS query
FROM pg_stat_activity
WHERE state <> 'idle'
ORDER BY running_for DESC NULLS LAST
LIMIT 10;`,
)

export const waitingOnLocks = sql(
  'Sessions waiting on a lock',
  `SELECT pid, usename, state, wait_event_type, wait_event, now() - query_start AS waiting_for, left(query, 200) AS query
FROM pg_stat_activity
WHERE wait_event_type = 'Lock'
ORDER BY waiting_for DESC;`,
)

export const blockingChains = sql(
  'Who blocks whom',
  `SELECT blocked.pid AS blocked_pid,
       left(blocked.query, 120) AS blocked_query,
       now() - blocked.query_start AS blocked_for,
       blocking.pid AS blocking_pid,
       blocking.state AS blocking_state,
       left(blocking.query, 120) AS blocking_query,
       now() - blocking.xact_start AS blocking_xact_age
FROM pg_stat_activity AS blocked
JOIN LATERAL unnest(pg_blocking_pids(blocked.pid)) AS b(pid) ON true
JOIN pg_stat_activity AS blocking ON blocking.pid = b.pid
ORDER BY blocked_for DESC;`,
)

export const blockingChainsByLocks = sql(
  'Who blocks whom, by matching pg_locks (for servers without pg_blocking_pids)',
  `SELECT waiting.pid AS blocked_pid, left(waiting_act.query, 120) AS blocked_query,
       holder.pid AS blocking_pid, left(holder_act.query, 120) AS blocking_query
FROM pg_locks AS waiting
JOIN pg_stat_activity AS waiting_act ON waiting_act.pid = waiting.pid
JOIN pg_locks AS holder
  ON holder.granted
 AND holder.pid <> waiting.pid
 AND holder.locktype = waiting.locktype
 AND holder.database IS NOT DISTINCT FROM waiting.database
 AND holder.relation IS NOT DISTINCT FROM waiting.relation
 AND holder.page IS NOT DISTINCT FROM waiting.page
 AND holder.tuple IS NOT DISTINCT FROM waiting.tuple
 AND holder.virtualxid IS NOT DISTINCT FROM waiting.virtualxid
 AND holder.transactionid IS NOT DISTINCT FROM waiting.transactionid
 AND holder.classid IS NOT DISTINCT FROM waiting.classid
 AND holder.objid IS NOT DISTINCT FROM waiting.objid
 AND holder.objsubid IS NOT DISTINCT FROM waiting.objsubid
JOIN pg_stat_activity AS holder_act ON holder_act.pid = holder.pid
WHERE NOT waiting.granted;`,
)

export const cancelBackend = sql('Cancel one statement, keeping its session (put the blocking pid in)', 'SELECT pg_cancel_backend(<blocking_pid>);')

export const terminateBackend = sql('End one session and roll back its transaction (put the blocking pid in)', 'SELECT pg_terminate_backend(<blocking_pid>);')

// ---- cache ----

export const redisPing = shell('Ping Redis from inside the VPC (add --tls when in-transit encryption is on)', () => 'redis-cli -h "$REDIS_HOST" -p 6379 ping')

export const replicationGroup = shell(
  'Replication group status, primary and replicas',
  (c) =>
    `${sh`aws elasticache describe-replication-groups --region ${c.region} --replication-group-id`} ${variable('REDIS_GROUP_ID')} --query 'ReplicationGroups[0].{status:Status,failover:AutomaticFailover,nodeGroups:NodeGroups[].{id:NodeGroupId,status:Status,members:NodeGroupMembers[].{node:CacheClusterId,role:CurrentRole}}}'`,
)

// ---- CDN ----

export const invalidateCdn = shell(
  'Invalidate everything the CDN has cached',
  () => `aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" --paths '/*'`,
)

/** Steps that close many runbooks the same way. */
export const healthUrlAnswers: VerificationStep = {
  id: 'health-url',
  phase: 'verification',
  kind: 'verification',
  check: { kind: 'health_url' },
  title: 'The health URL answers 2xx',
}

export const postResolutionNotice: CommunicationStep = {
  id: 'post-resolution',
  phase: 'follow_up',
  kind: 'communication',
  update: 'resolution',
  title: 'Post the resolution notice',
}
