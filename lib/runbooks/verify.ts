import 'server-only'
// Live checks behind verification steps: pass or fail, with what was seen.
import { getServiceMetrics } from '@/lib/aws/cloudwatch'
import { describeService } from '@/lib/aws/ecs'
import { probe } from '@/lib/health/queries/service-detail'
import { targetGroupsFor, type DiagnosticService } from './diagnostics'
import { verificationLimit } from './render'
import { metricSignals, type VerificationCheck } from './types'

export type VerificationOutcome = { passed: boolean; detail: string; checkedAt: string }

const pickOf = { cpu: 'cpuPercent', memory: 'memoryPercent', error_rate: 'errorRatePercent', latency: 'latencyMs' } as const

export async function checkVerification(check: VerificationCheck, s: DiagnosticService & { healthUrl: string | null }): Promise<VerificationOutcome> {
  const checkedAt = new Date().toISOString()
  const ref = { region: s.region, cluster: s.cluster, service: s.ecsServiceName }
  switch (check.kind) {
    case 'health_url': {
      const r = await probe(s)
      if (!r) return { passed: false, detail: 'No health URL is configured for this service.', checkedAt }
      return { passed: r.ok, detail: `${r.httpStatus ?? 'no answer'} from ${r.url}${r.latencyMs != null ? ` in ${r.latencyMs} ms` : ''}`, checkedAt }
    }
    case 'running_equals_desired': {
      const st = await describeService(ref)
      return {
        passed: st.runningCount === st.desiredCount && st.pendingCount === 0,
        detail: `${st.runningCount}/${st.desiredCount} running, ${st.pendingCount} pending`,
        checkedAt,
      }
    }
    case 'deployment_steady': {
      const st = await describeService(ref)
      const steady = st.deployments.length === 1 && st.primaryDeployment?.rolloutState === 'COMPLETED'
      return {
        passed: steady,
        detail: steady
          ? `steady on ${st.taskDefinition}`
          : `${st.deployments.length} deployment(s) in flight, primary ${st.primaryDeployment?.rolloutState ?? 'unknown'}`,
        checkedAt,
      }
    }
    case 'metric_below': {
      const limit = verificationLimit(check)
      const info = metricSignals[check.signal]
      const end = new Date()
      // The load balancer's numbers come from the target group ECS reports, not only the catalog's.
      const lb = check.signal === 'error_rate' || check.signal === 'latency'
      const tg = lb ? await targetGroupsFor(s, ref) : { arn: s.targetGroupArn, warnings: [] as string[] }
      const result = (
        await getServiceMetrics(s.region, [{ key: 'x', cluster: s.cluster, service: s.ecsServiceName, targetGroupArn: tg.arn }], {
          start: new Date(end.getTime() - check.forMinutes * 60_000),
          end,
          periodSeconds: 60,
        })
      ).x
      const values = (result?.points ?? []).map((p) => p[pickOf[check.signal]]).filter((v): v is number => v != null)
      const peak = values.length ? Math.max(...values) : null
      const enough = values.length >= Math.max(1, Math.floor(check.forMinutes * 0.8))
      const passed = enough && peak != null && peak < limit
      return {
        passed,
        detail:
          (!enough
            ? `only ${values.length} data point(s) in the last ${check.forMinutes} min; waiting for more`
            : `${info.label} peaked at ${peak?.toFixed(1)}${info.unit} over the last ${check.forMinutes} min (line ${limit}${info.unit})`) +
          tg.warnings.map((w) => `. ${w}`).join(''),
        checkedAt,
      }
    }
  }
}
