import { sh } from '@/lib/commands/shell'
import { forceNewDeploymentCli, insights, logGroupOf, postResolutionNotice, shell, taskNetworking, valueOr } from '../templates'
import type { Runbook } from '../types'

export const securityIncident: Runbook = {
  id: 'security-incident',
  title: 'Security incident: isolate, keep evidence, rotate credentials',
  summary:
    'Someone may have access they should not: a leaked key, a breach, suspicious logins or API calls, an exploited vulnerability. Cut off access first, keep the evidence before anything is replaced, rotate every credential that may be exposed, then redeploy from a clean image.',
  category: 'security',
  severityHint: 'SEV1',
  symptoms: [
    'An access key, password or token shows up somewhere public (a repository, a paste, a chat)',
    'Bursts of failed logins or API calls from unknown addresses',
    'GuardDuty or Security Hub findings, or IAM activity nobody recognises',
    'Unexpected security group, IAM or task definition changes',
    'A vulnerability in the service is being exploited',
  ],
  matchers: {
    alarmPatterns: ['guardduty', 'security-?hub', 'unauthori[sz]ed', 'root-?(login|usage|activity)', 'iam-?change', 'waf', 'cloudtrail', 'brute-?force'],
    keywords: [
      'breach',
      'breached',
      'leaked',
      'leaked key',
      'exposed key',
      'exposed secret',
      'compromised',
      'intrusion',
      'attacker',
      'hacked',
      'unauthorized',
      'unauthorised',
      'suspicious',
      'malware',
      'ransomware',
      'exfiltration',
      'vulnerability',
      'cve',
      'zero-day',
      '0-day',
      'credential',
      'access key',
    ],
  },
  steps: [
    {
      id: 'notify-security',
      phase: 'triage',
      kind: 'manual',
      title: 'Bring in the security team and keep the circle small',
      detail:
        'Tell security right away; keep details in a private channel until they say otherwise. Note every action with its time: the timeline is evidence too.',
    },
    {
      id: 'post-initial',
      phase: 'triage',
      kind: 'communication',
      update: 'initial',
      title: 'Post a first notice without sensitive details',
      detail: 'Say that an investigation is under way and what users might notice, not what was exposed.',
    },
    {
      id: 'isolate-service',
      phase: 'triage',
      kind: 'remediation',
      action: { kind: 'scale', params: { mode: 'zero' } },
      title: 'Isolate the service by stopping its tasks',
      when: 'If the service itself is compromised or is leaking data.',
      caution:
        'Capture the evidence in the next steps first when you can: running tasks and their logs disappear once stopped. Needs a second approval in production.',
    },
    {
      id: 'isolate-traffic',
      phase: 'triage',
      kind: 'manual',
      optional: true,
      title: 'Or cut incoming traffic at the edge',
      detail:
        'Blocking the attacker addresses in the WAF, or removing the listener, keeps the tasks for inspection. Removing a listener deletes its rules: save them first.',
      commands: [
        shell(
          'Save the listeners and their rules (set ALB_ARN)',
          (c) => `${sh`aws elbv2 describe-listeners --region ${c.region}`} --load-balancer-arn "$ALB_ARN" > listeners-before.json`,
        ),
        shell('Remove one listener (set LISTENER_ARN)', (c) => `${sh`aws elbv2 delete-listener --region ${c.region}`} --listener-arn "$LISTENER_ARN"`),
        shell(
          'Read the WAF IP block list and its lock token (set IP_SET_NAME and IP_SET_ID)',
          (c) => `${sh`aws wafv2 get-ip-set --region ${c.region}`} --scope REGIONAL --name "$IP_SET_NAME" --id "$IP_SET_ID"`,
        ),
        shell(
          'Write the list back with the addresses added (set LOCK_TOKEN; list every address to keep)',
          (c) =>
            `${sh`aws wafv2 update-ip-set --region ${c.region}`} --scope REGIONAL --name "$IP_SET_NAME" --id "$IP_SET_ID" --lock-token "$LOCK_TOKEN" --addresses 203.0.113.7/32`,
        ),
      ],
    },
    {
      id: 'capture-evidence',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Capture the evidence before changing anything else',
      detail: 'Export the logs of the last 24 hours to an S3 bucket the team controls, and save the task definition and service as they are now.',
      commands: [
        shell(
          'Export the last 24 hours of logs (set EVIDENCE_BUCKET)',
          (c) =>
            `${sh`aws logs create-export-task --region ${c.region} --log-group-name ${logGroupOf(c)} --destination-prefix ${`incident/${c.service}`}`} --from "$(date -u -d '-24 hours' +%s)000" --to "$(date -u +%s)000" --destination "$EVIDENCE_BUCKET"`,
        ),
        shell(
          'Save the task definition as it is',
          (c) =>
            `${sh`aws ecs describe-task-definition --region ${c.region} --task-definition`} ${valueOr(c.taskDefinition ?? c.family, 'TASK_DEFINITION')} > task-definition-snapshot.json`,
        ),
        shell(
          'Save the service and its events',
          (c) => `${sh`aws ecs describe-services --region ${c.region} --cluster ${c.cluster} --services ${c.service}`} > service-snapshot.json`,
        ),
      ],
    },
    {
      id: 'service-snapshot',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'service_status',
      title: 'Attach the service state to the incident',
    },
    {
      id: 'task-definitions',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'task_definitions',
      title: 'Attach the running and previous task definitions',
      detail: 'Look for an image, command or environment nobody deployed on purpose.',
    },
    {
      id: 'cloudtrail',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Review CloudTrail for what the credentials did',
      detail: 'Look for new IAM users or keys, policy changes, security group openings, unusual regions and console logins at odd hours.',
      commands: [
        shell(
          'Calls made with a given access key (set ACCESS_KEY_ID)',
          (c) =>
            `${sh`aws cloudtrail lookup-events --region ${c.region}`} --lookup-attributes AttributeKey=AccessKeyId,AttributeValue="$ACCESS_KEY_ID" --max-results 50 --query 'Events[].[EventTime,EventName,Username]' --output table`,
        ),
        shell(
          'Security group rule changes',
          (c) =>
            `${sh`aws cloudtrail lookup-events --region ${c.region}`} --lookup-attributes AttributeKey=EventName,AttributeValue=AuthorizeSecurityGroupIngress --max-results 20 --query 'Events[].[EventTime,Username]' --output table`,
        ),
        shell(
          'Console sign-ins',
          () =>
            `aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin --max-results 20 --query 'Events[].[EventTime,Username]' --output table`,
        ),
        taskNetworking,
      ],
    },
    {
      id: 'app-logs',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Look for the attack in the application logs',
      detail: 'Failed logins by source address, requests to admin paths, unusual user agents, sudden volumes from one address.',
      commands: [
        insights(
          'Logs Insights: failed sign-ins per source address',
          `fields @timestamp, @message
| filter @message like /(?i)(authentication failed|invalid password|unauthori[sz]ed)/
| parse @message /(?<ip>\\d{1,3}(\\.\\d{1,3}){3})/
| stats count() as attempts by ip
| sort attempts desc
| limit 25`,
        ),
      ],
    },
    {
      id: 'revoke',
      phase: 'resolution',
      kind: 'manual',
      title: 'Revoke exposed keys and credentials now',
      detail:
        'Deactivate first (reversible), delete once the replacement works. Include database passwords, API tokens of third parties and signing keys the service holds.',
      commands: [
        shell(
          'Deactivate an access key (set IAM_USER and ACCESS_KEY_ID)',
          () => 'aws iam update-access-key --user-name "$IAM_USER" --access-key-id "$ACCESS_KEY_ID" --status Inactive',
        ),
        shell('Issue its replacement', () => 'aws iam create-access-key --user-name "$IAM_USER"'),
      ],
    },
    {
      id: 'rotate-secrets',
      phase: 'resolution',
      kind: 'manual',
      title: 'Rotate the secrets the service uses',
      detail: 'Rotate in Secrets Manager (or write a new value), then restart the service: tasks read secrets only when they start.',
      commands: [
        shell(
          'Rotate a secret that has rotation set up (set SECRET_ID)',
          (c) => `${sh`aws secretsmanager rotate-secret --region ${c.region}`} --secret-id "$SECRET_ID"`,
        ),
        shell(
          'Or store a new value (read it from a file, never type it into the command line)',
          (c) => `${sh`aws secretsmanager put-secret-value --region ${c.region}`} --secret-id "$SECRET_ID" --secret-string file://new-secret.txt`,
        ),
        forceNewDeploymentCli,
      ],
    },
    {
      id: 'close-doors',
      phase: 'resolution',
      kind: 'manual',
      title: 'Close what let them in',
      detail:
        'Revert unexpected security group and IAM changes, block the source ranges in the WAF, patch the vulnerability, and rebuild the image from a known-good base.',
    },
    {
      id: 'clean-deploy',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Redeploy clean tasks with the new secrets',
      detail: 'Every task is replaced, so nothing an attacker changed inside a running container survives. Deploy the patched image first if there is one.',
    },
    {
      id: 'aws-support',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Open a case with AWS support',
      when: 'If account resources were used or changed, or you need help with the investigation.',
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post an update agreed with the security team',
    },
    {
      id: 'deployment-steady',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'deployment_steady' },
      title: 'The clean deployment is steady',
    },
    {
      id: 'health-url',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'health_url' },
      title: 'The service answers again',
    },
    {
      id: 'old-keys-unused',
      phase: 'verification',
      kind: 'manual',
      title: 'Confirm the old credentials are no longer used',
      commands: [shell('When the old key was last used', () => 'aws iam get-access-key-last-used --access-key-id "$ACCESS_KEY_ID"')],
    },
    postResolutionNotice,
    {
      id: 'review',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Hold the review within 24 hours',
      detail: 'Complete the timeline, decide with legal and security whether customers or authorities must be told, and track every follow-up action.',
    },
  ],
  related: ['complete-outage', 'restore-from-backup'],
}
