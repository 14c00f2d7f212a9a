// What the simulated account tells the outside world as it happens: alarm state changes (an
// alarm's SNS actions) and ECS events (what an EventBridge rule would forward). The
// simulation only raises them; lib/simulator/sns.ts publishes them.
import type { SimAlarm, SimDeployment, SimService, SimTask } from './model'

export type SimNotice =
  | { kind: 'alarm'; alarm: SimAlarm; from: SimAlarm['state']; at: number }
  | { kind: 'task_stopped'; service: SimService; task: SimTask; at: number }
  | { kind: 'deployment_failed'; service: SimService; deployment: SimDeployment; at: number }
