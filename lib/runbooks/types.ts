// What a runbook is made of: ordered steps of five kinds, the closed lists of diagnostics,
// remediation actions and verification checks a step can name, and the matchers that tie a
// runbook to what the status board, the alarms and the incident text say.
// Pure data and client-safe: the runbook pages, the incident page and the tests share it.
import type { Severity } from '@/lib/incidents/policy'
import type { StatusUpdateKind } from '@/lib/incidents/status-update'

// ---- steps ----

export const stepKinds = ['manual', 'diagnostic', 'remediation', 'verification', 'communication'] as const
export type StepKind = (typeof stepKinds)[number]

export const stepKindLabels: Record<StepKind, string> = {
  manual: 'Manual check',
  diagnostic: 'Diagnostic',
  remediation: 'Remediation',
  verification: 'Verification',
  communication: 'Communication',
}

/** Where a step sits in the response. Steps of a runbook are listed in this order. */
export const phases = ['triage', 'diagnosis', 'resolution', 'verification', 'follow_up'] as const
export type Phase = (typeof phases)[number]

export const phaseLabels: Record<Phase, string> = {
  triage: 'Triage',
  diagnosis: 'Diagnosis',
  resolution: 'Resolution',
  verification: 'Verification',
  follow_up: 'Follow-up',
}

// ---- diagnostics: read-only calls whose output can be attached to the incident ----

export type DiagnosticKindInfo = {
  title: string
  /** One line: what the output shows. */
  description: string
  /** The AWS API operations behind it (all read-only). */
  awsCall: string
  /** The lib/aws function it maps to. */
  libCall: string
}

export const diagnosticKinds = {
  service_status: {
    title: 'Service status',
    description: 'Desired, running and pending task counts, the deployments in flight and the latest service events.',
    awsCall: 'ecs:DescribeServices',
    libCall: 'describeService',
  },
  running_tasks: {
    title: 'Running tasks',
    description: 'The tasks running now: task definition revision, start time, private IP and availability zone.',
    awsCall: 'ecs:ListTasks + ecs:DescribeTasks (RUNNING)',
    libCall: 'listRunningTasks',
  },
  stopped_tasks: {
    title: 'Stopped tasks',
    description: 'Recently stopped tasks with their stop reason, container exit codes and whether memory ran out.',
    awsCall: 'ecs:ListTasks + ecs:DescribeTasks (STOPPED)',
    libCall: 'listStoppedTasks',
  },
  error_logs: {
    title: 'Error log lines',
    description: 'The latest 20 error lines from the service log group (ERROR, FATAL, exceptions, panics, or a given pattern).',
    awsCall: 'logs:FilterLogEvents',
    libCall: 'recentErrorLogs',
  },
  cpu_last_hour: {
    title: 'CPU, last hour',
    description: 'Average CPU utilization of the service per period over the last hour, against the 70 % / 85 % lines.',
    awsCall: 'cloudwatch:GetMetricData',
    libCall: 'getServiceMetrics',
  },
  memory_last_hour: {
    title: 'Memory, last hour',
    description: 'Average memory utilization of the service per period over the last hour, against the 80 % / 90 % lines.',
    awsCall: 'cloudwatch:GetMetricData',
    libCall: 'getServiceMetrics',
  },
  error_rate_last_hour: {
    title: '5xx rate, last hour',
    description: 'Share of requests answered with a 5xx by the targets over the last hour, against the 1 % / 5 % lines.',
    awsCall: 'cloudwatch:GetMetricData',
    libCall: 'getServiceMetrics',
  },
  latency_last_hour: {
    title: 'Latency, last hour',
    description: 'Average target response time over the last hour, against the 500 ms / 1000 ms lines.',
    awsCall: 'cloudwatch:GetMetricData',
    libCall: 'getServiceMetrics',
  },
  target_health: {
    title: 'Target health',
    description: 'Each load balancer target of the service with its state and the reason the load balancer gives.',
    awsCall: 'elasticloadbalancing:DescribeTargetHealth',
    libCall: 'targetHealth',
  },
  alarms: {
    title: 'Alarms',
    description: 'The CloudWatch alarms that watch this service, with their state and the reason for it.',
    awsCall: 'cloudwatch:DescribeAlarms',
    libCall: 'listAlarms + alarmWatches',
  },
  task_definitions: {
    title: 'Task definitions',
    description: 'The running task definition revision next to the previous one: images, CPU and memory (where a rollback goes).',
    awsCall: 'ecs:DescribeTaskDefinition + ecs:ListTaskDefinitions',
    libCall: 'getTaskDefinitionHistory',
  },
  pg_connections: {
    title: 'Connections by state',
    description: 'Sessions of a registered PostgreSQL database by state (active, idle, idle in transaction) against max_connections.',
    awsCall: 'PostgreSQL: pg_stat_activity, max_connections (read-only session)',
    libCall: 'connectionsByState',
  },
  pg_long_queries: {
    title: 'Long-running queries',
    description: 'Statements of a registered PostgreSQL database running for longer than the threshold (default 30 s), oldest first.',
    awsCall: 'PostgreSQL: pg_stat_activity (read-only session)',
    libCall: 'longRunningQueries',
  },
  pg_idle_in_transaction: {
    title: 'Idle in transaction',
    description: 'Sessions that opened a transaction and stopped talking (they hold their locks), longest first.',
    awsCall: 'PostgreSQL: pg_stat_activity (read-only session)',
    libCall: 'idleInTransaction',
  },
  pg_blocking_chains: {
    title: 'Blocking chains',
    description: 'Who blocks whom in a registered PostgreSQL database: each waiting session, the session holding its lock, for how long, and their queries.',
    awsCall: 'PostgreSQL: pg_blocking_pids() joined to pg_stat_activity (read-only session)',
    libCall: 'blockingChains',
  },
} as const satisfies Record<string, DiagnosticKindInfo>

/** Diagnostics that read a registered PostgreSQL database (lib/databases) instead of AWS. */
export const databaseDiagnosticKinds = ['pg_connections', 'pg_long_queries', 'pg_idle_in_transaction', 'pg_blocking_chains'] as const
export type DatabaseDiagnosticKind = (typeof databaseDiagnosticKinds)[number]
export const isDatabaseDiagnostic = (kind: string): kind is DatabaseDiagnosticKind => (databaseDiagnosticKinds as readonly string[]).includes(kind)

export type DiagnosticKind = keyof typeof diagnosticKinds
export const diagnosticKindList = Object.keys(diagnosticKinds) as DiagnosticKind[]

export type DiagnosticParams = {
  /** error_logs: a CloudWatch filter pattern instead of the default error terms. */
  pattern?: string
  /** How far back to look, in minutes (default 60). */
  sinceMinutes?: number
  /** error_logs: how many lines (default 20). */
  limit?: number
  /** pg_long_queries, pg_idle_in_transaction: older than this many seconds (default 30). */
  minSeconds?: number
}

// ---- remediation: guarded actions (ARCHITECTURE.md, "Remediation guards") ----

export type ActionKindInfo = {
  title: string
  description: string
  awsCall: string
  libCall: string
  /** Needs a second person's approval in production (scale to zero is decided by its params). */
  destructive: boolean
}

export const actionKinds = {
  force_new_deployment: {
    title: 'Force a new deployment',
    description: 'Replaces every task with a fresh one from the same task definition, a few at a time (a rolling restart).',
    awsCall: 'ecs:UpdateService (forceNewDeployment)',
    libCall: 'forceNewDeployment',
    destructive: false,
  },
  scale: {
    title: 'Change the desired count',
    description: 'Sets how many tasks the service runs: a fixed count, a multiple of the current count, or zero to isolate it.',
    awsCall: 'ecs:UpdateService (desiredCount)',
    libCall: 'updateDesiredCount',
    destructive: false,
  },
  rollback: {
    title: 'Roll back',
    description: 'Deploys the previous task definition revision in place of the current one.',
    awsCall: 'ecs:UpdateService (taskDefinition)',
    libCall: 'getTaskDefinitionHistory + deployTaskDefinition',
    destructive: true,
  },
  raise_memory: {
    title: 'Raise memory',
    description: 'Registers a new task definition revision with more memory (and optionally CPU) and deploys it.',
    awsCall: 'ecs:RegisterTaskDefinition + ecs:UpdateService (taskDefinition)',
    libCall: 'registerTaskDefinitionFrom + deployTaskDefinition',
    destructive: false,
  },
} as const satisfies Record<string, ActionKindInfo>

export type ActionKind = keyof typeof actionKinds
export const actionKindList = Object.keys(actionKinds) as ActionKind[]

/** The new desired count: a fixed number, a multiple of the current count (rounded up), or zero. */
export type ScaleParams = { mode: 'set'; desiredCount: number } | { mode: 'multiply'; multiplier: number } | { mode: 'zero' }

/** Memory by a factor of the current size or to a size in MiB; CPU optionally by a factor. */
export type RaiseMemoryParams = ({ factor: number; memoryMiB?: never } | { memoryMiB: number; factor?: never }) & { cpuFactor?: number }

export type RemediationAction =
  { kind: 'force_new_deployment' } | { kind: 'scale'; params: ScaleParams } | { kind: 'rollback' } | { kind: 'raise_memory'; params: RaiseMemoryParams }

// ---- verification: checked live ----

export type VerificationKindInfo = { title: string; description: string }

export const verificationKinds = {
  health_url: { title: 'Health URL answers', description: "The service's health URL answers with a 2xx status." },
  metric_below: {
    title: 'Metric stays under its line',
    description: 'A signal stays under its threshold line for the given number of consecutive minutes.',
  },
  running_equals_desired: { title: 'Running equals desired', description: 'As many tasks are running as the service wants, and none pending.' },
  deployment_steady: { title: 'Deployment steady', description: 'The latest deployment completed and no other deployment is in flight.' },
} as const satisfies Record<string, VerificationKindInfo>

export type VerificationKind = keyof typeof verificationKinds
export const verificationKindList = Object.keys(verificationKinds) as VerificationKind[]

/** The signals a metric check can watch, and the key of their lines in lib/health/thresholds.ts. */
export const metricSignals = {
  cpu: { label: 'CPU', threshold: 'cpuPercent', unit: '%' },
  memory: { label: 'memory', threshold: 'memoryPercent', unit: '%' },
  error_rate: { label: '5xx rate', threshold: 'errorRatePercent', unit: '%' },
  latency: { label: 'latency', threshold: 'latencyMs', unit: ' ms' },
} as const satisfies Record<string, { label: string; threshold: 'cpuPercent' | 'memoryPercent' | 'errorRatePercent' | 'latencyMs'; unit: string }>

export type MetricSignal = keyof typeof metricSignals
export const metricSignalList = Object.keys(metricSignals) as MetricSignal[]

export type VerificationCheck =
  | { kind: 'health_url' }
  /** `line`: which threshold of lib/health/thresholds.ts the signal must stay under. */
  | { kind: 'metric_below'; signal: MetricSignal; line: 'warning' | 'critical'; forMinutes: number }
  | { kind: 'running_equals_desired' }
  | { kind: 'deployment_steady' }

// ---- copyable commands ----

/** The service a runbook is followed for; fills in the copyable commands. */
export type CommandContext = {
  region: string
  cluster: string
  /** The ECS service name. */
  service: string
  /** PROD, STAGING or DEV (any case). */
  environment: string
  healthUrl?: string | null
  /** Defaults to /ecs/<cluster>/<service>. */
  logGroup?: string | null
  targetGroupArn?: string | null
  /** Task definition family; defaults to the family of taskDefinition, else the service name. */
  family?: string | null
  /** The running task definition, "family:revision" or its ARN. */
  taskDefinition?: string | null
  /** Where a rollback goes, "family:revision" or its ARN. */
  previousTaskDefinition?: string | null
}

/** Builds a command for one service. Must quote every value with `sh` from lib/commands/shell. */
export type CommandTemplate = (ctx: CommandContext) => string

/** A shell command (aws CLI, curl, dig, redis-cli, ...) filled in for the service. */
export type ShellCommand = { label: string; lang: 'sh'; template: CommandTemplate }
/** Text a person runs elsewhere as is: SQL in psql, a Logs Insights query. Never filled in with our values. */
export type PlainCommand = { label: string; lang: 'sql' | 'logs-insights'; text: string }
export type StepCommand = ShellCommand | PlainCommand

// ---- steps ----

type StepBase = {
  /** kebab-case, unique within the runbook. */
  id: string
  phase: Phase
  /** Short and imperative: what to do. */
  title: string
  /** What to look for, why, or how to read the result. */
  detail?: string
  /** The condition under which the step applies ("If the stop reason mentions memory"). */
  when?: string
  /** A risk to weigh before doing it. */
  caution?: string
  /** One option among several, or only worth doing in some cases. */
  optional?: boolean
}

export type ManualStep = StepBase & { kind: 'manual'; commands?: StepCommand[] }
export type DiagnosticStep = StepBase & { kind: 'diagnostic'; diagnostic: DiagnosticKind; params?: DiagnosticParams }
export type RemediationStep = StepBase & { kind: 'remediation'; action: RemediationAction }
export type VerificationStep = StepBase & { kind: 'verification'; check: VerificationCheck }
export type CommunicationStep = StepBase & { kind: 'communication'; update: StatusUpdateKind }

export type RunbookStep = ManualStep | DiagnosticStep | RemediationStep | VerificationStep | CommunicationStep

// ---- matching ----

/** The `signal` values of lib/health/rules.ts findings. */
export const healthSignals = ['tasks', 'deployment', 'stopped', 'targets', 'errors', 'latency', 'cpu', 'memory', 'alarm'] as const
export type HealthSignal = (typeof healthSignals)[number]

export type HealthSignalMatcher = {
  signal: HealthSignal
  /** A case-insensitive regular expression the finding text must match; any text of the signal when absent. */
  pattern?: string
  /** A finding text this matcher is meant for, written the way lib/health/rules.ts writes it. */
  example: string
  /** How strongly this suggests the runbook (default 10 with a pattern, 5 without). */
  weight?: number
}

export type RunbookMatchers = {
  healthSignals?: HealthSignalMatcher[]
  /** Case-insensitive regular expressions tested against alarm names. */
  alarmPatterns?: string[]
  /** Words or phrases looked for in the incident title, impact and notes (lower case). */
  keywords?: string[]
}

// ---- runbooks ----

export const runbookCategories = ['ecs', 'traffic', 'data', 'edge', 'serverless', 'security', 'process'] as const
export type RunbookCategory = (typeof runbookCategories)[number]

export const runbookCategoryLabels: Record<RunbookCategory, string> = {
  ecs: 'Tasks and deployments',
  traffic: 'Errors, latency and reachability',
  data: 'Databases, caches and backups',
  edge: 'DNS, CDN and certificates',
  serverless: 'Lambda',
  security: 'Security',
  process: 'Checklists and routines',
}

export type Runbook = {
  /** kebab-case, stable: runs in incidents refer to it. */
  id: string
  title: string
  /** One or two sentences: when to use it. */
  summary: string
  category: RunbookCategory
  /** The severity this usually is; the decision tree of the declare form still decides. */
  severityHint?: Severity
  /** What a person sees. */
  symptoms: string[]
  matchers: RunbookMatchers
  /** In phase order. */
  steps: RunbookStep[]
  /** Ids of runbooks worth opening next. */
  related: string[]
}
