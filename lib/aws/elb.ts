import 'server-only'
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  paginateDescribeTargetGroups,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { chunk, mapLimit } from './batch'
import { awsClients } from './clients'
import { AwsError, callAws } from './errors'
import type { TargetHealth, TargetState } from './types'

const TARGET_GROUPS_PER_CALL = 20
/** A page of the region's whole list (the most DescribeTargetGroups returns). */
const TARGET_GROUPS_PER_PAGE = 400

/** Target group → its load balancer. The attachment rarely changes: kept for the life of the process. */
const lbCache = new Map<string, string>()

/**
 * Which load balancer each target group is attached to (the first one); null when it has
 * none or does not exist. One DescribeTargetGroups per 20 unknown target groups; when that
 * would take more calls than listing the region's target groups 400 a page, the list is read
 * instead (a cold start at 2,000 services: 5 calls, not 100 that AWS's Describe rate limit
 * would throttle).
 */
export async function targetGroupLoadBalancers(region: string, targetGroupArns: string[]): Promise<Record<string, string | null>> {
  const unknown = [...new Set(targetGroupArns)].filter((arn) => !lbCache.has(arn))
  // After a whole listing, what is still unknown has no load balancer now (or is not in the region).
  if (unknown.length > 2 * TARGET_GROUPS_PER_CALL) await listAll(region)
  else await mapLimit(chunk(unknown, TARGET_GROUPS_PER_CALL), 4, (arns) => lookUp(region, arns))
  return Object.fromEntries(targetGroupArns.map((arn) => [arn, lbCache.get(arn) ?? null]))
}

async function listAll(region: string): Promise<void> {
  await callAws('elasticloadbalancing:DescribeTargetGroups', `the target groups of ${region}`, async () => {
    for await (const page of paginateDescribeTargetGroups({ client: awsClients(region).elb }, { PageSize: TARGET_GROUPS_PER_PAGE }))
      for (const tg of page.TargetGroups ?? []) if (tg.TargetGroupArn && tg.LoadBalancerArns?.[0]) lbCache.set(tg.TargetGroupArn, tg.LoadBalancerArns[0])
  })
}

async function lookUp(region: string, arns: string[]): Promise<void> {
  try {
    const out = await callAws('elasticloadbalancing:DescribeTargetGroups', `${arns.length} target groups`, () =>
      awsClients(region).elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: arns })),
    )
    for (const tg of out.TargetGroups ?? []) {
      const lb = tg.LoadBalancerArns?.[0]
      if (tg.TargetGroupArn && lb) lbCache.set(tg.TargetGroupArn, lb)
    }
  } catch (err) {
    // One unknown ARN fails the whole call: ask one by one so the others still resolve.
    if (!(err instanceof AwsError && err.kind === 'not_found')) throw err
    if (arns.length > 1) await mapLimit(arns, 4, (arn) => lookUp(region, [arn]))
  }
}

/** Health of every target registered in a target group, with counts by state. */
export async function targetHealth(region: string, targetGroupArn: string): Promise<TargetHealth> {
  const out = await callAws('elasticloadbalancing:DescribeTargetHealth', `target group ${targetGroupArn}`, () =>
    awsClients(region).elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })),
  )
  const targets = (out.TargetHealthDescriptions ?? []).map(toTarget)
  const count = (state: TargetState) => targets.filter((t) => t.state === state).length
  const healthy = count('healthy')
  const unhealthy = count('unhealthy') + count('unhealthy.draining')
  const initial = count('initial')
  const draining = count('draining')
  return {
    targetGroupArn,
    targets,
    counts: { healthy, unhealthy, initial, draining, other: targets.length - healthy - unhealthy - initial - draining, total: targets.length },
  }
}

function toTarget(d: TargetHealthDescription): TargetHealth['targets'][number] {
  return {
    id: d.Target?.Id ?? '',
    port: d.Target?.Port ?? null,
    availabilityZone: d.Target?.AvailabilityZone ?? null,
    state: (d.TargetHealth?.State as TargetState | undefined) ?? 'unknown',
    reason: d.TargetHealth?.Reason ?? null,
    description: d.TargetHealth?.Description ?? null,
  }
}
