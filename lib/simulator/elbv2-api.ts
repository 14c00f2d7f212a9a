// Elastic Load Balancing v2 (awsQuery, form POST, XML replies): target health and the
// target group → load balancer mapping that ALB metric dimensions need.
import { objectList, optNumber, optString, stringList, type OperationHandler } from './api-context'
import type { SimTargetGroup } from './model'
import { AwsApiError, decodeToken, encodeToken } from './wire'

const validation = (message: string) => new AwsApiError('ValidationError', message)

function renderTargetGroup(tg: SimTargetGroup) {
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: 'HTTP',
    Port: tg.port,
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 15,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 2,
    UnhealthyThresholdCount: 3,
    HealthCheckPath: '/healthz',
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: [tg.loadBalancer.arn],
    TargetType: 'ip',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  }
}

export const elbv2Operations: Record<string, OperationHandler> = {
  DescribeTargetHealth(input, ctx) {
    const arn = optString(input, 'TargetGroupArn')
    if (!arn) throw validation('TargetGroupArn is required.')
    const tg = ctx.sim.targetGroups.get(arn)
    if (!tg || arn.split(':')[3] !== ctx.region) throw new AwsApiError('TargetGroupNotFound', `Target groups '${arn}' not found`)
    ctx.touch([tg.serviceKey])
    const only = objectList(input, 'Targets')?.map((t) => String(t.Id))
    return {
      TargetHealthDescriptions: ctx.sim
        .targetStates(tg)
        .filter((t) => !only || only.includes(t.id))
        .map((t) => ({
          Target: { Id: t.id, Port: t.port, AvailabilityZone: t.availabilityZone },
          HealthCheckPort: String(t.port),
          TargetHealth: { State: t.state, Reason: t.reason, Description: t.description },
        })),
    }
  },

  DescribeTargetGroups(input, ctx) {
    const arns = stringList(input, 'TargetGroupArns')
    const names = stringList(input, 'Names')
    const lbArn = optString(input, 'LoadBalancerArn')
    if ([arns, names, lbArn].filter((x) => x !== undefined).length > 1) {
      throw validation('Only one of TargetGroupArns, Names or LoadBalancerArn can be specified.')
    }
    const pageSize = optNumber(input, 'PageSize') ?? 400
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 400) throw validation('PageSize must be between 1 and 400.')
    const all = [...ctx.sim.targetGroups.values()].filter((tg) => tg.arn.split(':')[3] === ctx.region)
    let chosen = all
    if (arns) {
      const missing = arns.filter((a) => !all.some((tg) => tg.arn === a))
      if (missing.length > 0) throw new AwsApiError('TargetGroupNotFound', `One or more target groups not found`)
      chosen = all.filter((tg) => arns.includes(tg.arn))
    } else if (names) {
      chosen = all.filter((tg) => names.includes(tg.name))
      if (chosen.length < names.length) throw new AwsApiError('TargetGroupNotFound', `One or more target groups not found`)
    } else if (lbArn) {
      if (!ctx.sim.loadBalancers.has(lbArn)) throw new AwsApiError('LoadBalancerNotFound', `Load balancer '${lbArn}' not found`)
      chosen = all.filter((tg) => tg.loadBalancer.arn === lbArn)
    }
    chosen.sort((a, b) => (a.arn < b.arn ? -1 : 1))
    const marker = optString(input, 'Marker')
    const resume = decodeToken<{ o: number }>(marker)
    if (marker !== undefined && typeof resume?.o !== 'number') throw validation('Invalid Marker.')
    const offset = resume?.o ?? 0
    const items = chosen.slice(offset, offset + pageSize)
    return {
      TargetGroups: items.map(renderTargetGroup),
      NextMarker: offset + pageSize < chosen.length ? encodeToken({ o: offset + pageSize }) : undefined,
    }
  },
}
