// The AWS CLI commands a responder runs by hand, filled in for one service.
import { sh } from '@/lib/commands/shell'

export type ServiceRef = {
  region: string
  cluster: string
  ecsServiceName: string
  targetGroupArn?: string | null
  healthUrl?: string | null
  logGroup?: string | null
  /** The task definition family; ECS matches --family-prefix against it exactly. */
  family?: string | null
}

export type CopyableCommand = { label: string; command: string }

export function logGroupOf(s: Pick<ServiceRef, 'cluster' | 'ecsServiceName' | 'logGroup'>) {
  return s.logGroup ?? `/ecs/${s.cluster}/${s.ecsServiceName}`
}

export function serviceCommands(s: ServiceRef): CopyableCommand[] {
  const { region, cluster, ecsServiceName: service } = s
  const list: CopyableCommand[] = [
    { label: 'Service status, deployments and events', command: sh`aws ecs describe-services --region ${region} --cluster ${cluster} --services ${service}` },
    {
      label: 'Recently stopped tasks',
      command: sh`aws ecs list-tasks --region ${region} --cluster ${cluster} --service-name ${service} --desired-status STOPPED`,
    },
    {
      label: 'Why a task stopped (paste a task ARN)',
      command: `${sh`aws ecs describe-tasks --region ${region} --cluster ${cluster} --tasks`} "$TASK_ARN" --query 'tasks[].{reason:stoppedReason,containers:containers[].{name:name,exit:exitCode,reason:reason}}'`,
    },
    { label: 'Follow the logs (last 10 minutes)', command: sh`aws logs tail ${logGroupOf(s)} --region ${region} --since 10m --follow` },
    {
      label: 'Recent task definition revisions',
      command: sh`aws ecs list-task-definitions --region ${region} --family-prefix ${s.family ?? service} --sort DESC --max-items 5`,
    },
    {
      label: 'CPU over the last hour (5-minute averages)',
      command: `${sh`aws cloudwatch get-metric-statistics --region ${region} --namespace AWS/ECS --metric-name CPUUtilization --dimensions Name=ClusterName,Value=${cluster} Name=ServiceName,Value=${service}`} --statistics Average Maximum --period 300 --start-time "$(date -u -d '-1 hour' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)"`,
    },
    {
      label: 'Rolling restart (force a new deployment)',
      command: sh`aws ecs update-service --region ${region} --cluster ${cluster} --service ${service} --force-new-deployment`,
    },
    { label: 'Wait until the service is steady', command: sh`aws ecs wait services-stable --region ${region} --cluster ${cluster} --services ${service}` },
  ]
  if (s.targetGroupArn) {
    list.push({ label: 'Load balancer target health', command: sh`aws elbv2 describe-target-health --region ${region} --target-group-arn ${s.targetGroupArn}` })
  }
  if (s.healthUrl) {
    list.push({ label: 'Probe the health endpoint', command: `curl -sS -o /dev/null -w '%{http_code} %{time_total}s\\n' ${sh`${s.healthUrl}`}` })
  }
  return list
}
