import { sh } from '@/lib/commands/shell'
import { domainArg, healthUrlAnswers, invalidateCdn, postResolutionNotice, probeHealthVerbose, shell, valueOr } from '../templates'
import type { Runbook } from '../types'

export const dnsCdnTls: Runbook = {
  id: 'dns-cdn-tls',
  title: 'DNS, CDN and TLS certificate problems',
  summary:
    'The service may be fine but users cannot reach it: the name does not resolve or points at the wrong place, the CDN serves errors or stale content, or the certificate expired or does not match. Check each layer from the outside in.',
  category: 'edge',
  severityHint: 'SEV2',
  symptoms: [
    'The name does not resolve (NXDOMAIN, SERVFAIL) or resolves to an unexpected address',
    'Browsers show a certificate warning; clients report TLS or SSL handshake errors',
    'CloudFront returns 5xx, or serves old content after a release',
    'It works from some networks and not from others',
    'The service answers when called on the load balancer address directly',
  ],
  matchers: {
    alarmPatterns: ['dns', 'route-?53', 'cloudfront', 'cdn', 'cert', 'ssl', 'tls', 'acm', 'days-?to-?expiry'],
    keywords: [
      'dns',
      'domain name',
      'route 53',
      'route53',
      'nxdomain',
      'servfail',
      'cname',
      'does not resolve',
      'dns resolution',
      'cdn',
      'cloudfront',
      'certificate',
      'cert',
      'tls',
      'ssl',
      'https',
      'handshake',
      'expired',
      'propagation',
    ],
  },
  steps: [
    {
      id: 'resolve',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Resolve the name from several resolvers',
      detail:
        'Compare the answer of your resolver with public ones. Different answers point to a recent change still propagating or a resolver caching an old record.',
      commands: [
        shell('Answer from the default resolver', (c) => `dig +short ${domainArg(c)}`),
        shell('Answers from two public resolvers', (c) => `dig +short ${domainArg(c)} @1.1.1.1; dig +short ${domainArg(c)} @8.8.8.8`),
        shell('Full answer with TTL and status', (c) => `dig ${domainArg(c)} +noall +answer +comments`),
        shell(
          'Name servers of the zone (set ZONE_DOMAIN to the apex, e.g. example.com)',
          () => 'dig NS +short "$ZONE_DOMAIN"; whois "$ZONE_DOMAIN" | grep -iE "expir|status|name server"',
        ),
      ],
    },
    {
      id: 'records',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the records in Route 53 and who changed them',
      detail:
        'The A/AAAA alias or CNAME must point at the load balancer or the CDN. CloudTrail shows recent ChangeResourceRecordSets calls (Route 53 logs to us-east-1).',
      commands: [
        shell('Hosted zones matching the domain', () => 'aws route53 list-hosted-zones-by-name --dns-name "$ZONE_DOMAIN" --max-items 3'),
        shell(
          'Records of the zone (set ZONE_ID)',
          () =>
            `aws route53 list-resource-record-sets --hosted-zone-id "$ZONE_ID" --query 'ResourceRecordSets[].[Name,Type,AliasTarget.DNSName,ResourceRecords[0].Value]' --output table`,
        ),
        shell(
          'Recent record changes',
          () =>
            `aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=ChangeResourceRecordSets --max-results 20 --query 'Events[].[EventTime,Username]' --output table`,
        ),
      ],
    },
    {
      id: 'certificate',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the certificate the clients get',
      detail:
        'Look at the expiry date and that the names cover the host. ACM renews on its own only while its DNS validation record still exists; certificates for CloudFront live in us-east-1.',
      commands: [
        shell(
          'Dates, subject and issuer of the served certificate',
          (c) =>
            `echo | openssl s_client -connect ${domainArg(c)}:443 -servername ${domainArg(c)} 2>/dev/null | openssl x509 -noout -dates -subject -issuer -ext subjectAltName`,
        ),
        shell(
          'ACM certificates and their state',
          (c) =>
            `${sh`aws acm list-certificates --region ${c.region}`} --query 'CertificateSummaryList[].[DomainName,Status,NotAfter,RenewalEligibility]' --output table`,
        ),
        shell(
          'Why a certificate is not renewing (set CERT_ARN)',
          (c) =>
            `${sh`aws acm describe-certificate --region ${c.region}`} --certificate-arn "$CERT_ARN" --query 'Certificate.{status:Status,notAfter:NotAfter,renewal:RenewalSummary,validation:DomainValidationOptions[].{name:DomainName,status:ValidationStatus,record:ResourceRecord.Name}}'`,
        ),
      ],
    },
    {
      id: 'cdn',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Check the CDN',
      detail:
        'A CDN error rate rising while the origin is healthy points at the CDN configuration or its origin settings; the x-cache and age headers tell whether content comes from the cache.',
      commands: [
        shell(
          'CloudFront 5xx rate over the last hour (set DISTRIBUTION_ID)',
          () =>
            `aws cloudwatch get-metric-statistics --region us-east-1 --namespace AWS/CloudFront --metric-name 5xxErrorRate --dimensions Name=DistributionId,Value="$DISTRIBUTION_ID" Name=Region,Value=Global --statistics Average --period 300 --start-time "$(date -u -d '-1 hour' +%FT%TZ)" --end-time "$(date -u +%FT%TZ)" --query 'sort_by(Datapoints,&Timestamp)[].[Timestamp,Average]' --output table`,
        ),
        shell('Cache headers of a response', (c) => `curl -sS -o /dev/null -D - ${valueOr(c.healthUrl, 'URL')} | grep -iE "^(HTTP|x-cache|age|via|server)"`),
      ],
    },
    {
      id: 'bypass-edge',
      phase: 'diagnosis',
      kind: 'diagnostic',
      diagnostic: 'target_health',
      title: 'Confirm the service behind the edge is healthy',
      detail: 'If the targets are healthy, the fault is in front of them; if not, switch to the 502/503/504 runbook.',
    },
    {
      id: 'post-initial',
      phase: 'diagnosis',
      kind: 'communication',
      update: 'initial',
      title: 'Post the first notice, naming what users see',
    },
    {
      id: 'fix-record',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Restore a wrong or missing record',
      when: 'If a record is missing or points at the wrong target.',
      detail:
        'Put back the record as it was (from infrastructure code or the CloudTrail event), in Route 53 or at the registrar. Changes can take up to the record TTL, and for name server changes up to 24 hours, to reach everyone.',
      commands: [
        shell(
          'Apply the record change (prepare change.json with an UPSERT)',
          () => 'aws route53 change-resource-record-sets --hosted-zone-id "$ZONE_ID" --change-batch file://change.json',
        ),
        shell('Watch the change become INSYNC (set CHANGE_ID)', () => 'aws route53 get-change --id "$CHANGE_ID"'),
      ],
    },
    {
      id: 'invalidate',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Invalidate the CDN cache',
      when: 'If the CDN keeps serving broken or stale content.',
      detail: 'Invalidate specific paths when you know them; "/*" clears everything and sends the full load to the origin for a while.',
      commands: [
        invalidateCdn,
        shell(
          'Watch the invalidation finish (set INVALIDATION_ID)',
          () => 'aws cloudfront get-invalidation --distribution-id "$DISTRIBUTION_ID" --id "$INVALIDATION_ID"',
        ),
      ],
    },
    {
      id: 'renew-cert',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Renew or replace the certificate',
      when: 'If the certificate expired or does not cover the host.',
      detail:
        'For ACM: restore the validation CNAME so renewal can finish, or request a new certificate and attach it to the listener or the distribution. For an imported certificate: import the renewed one into the same ARN.',
      commands: [
        shell(
          'Request a new certificate validated by DNS (set CERT_DOMAIN)',
          (c) => `${sh`aws acm request-certificate --region ${c.region}`} --domain-name "$CERT_DOMAIN" --validation-method DNS`,
        ),
        shell(
          'Attach it to the HTTPS listener (set LISTENER_ARN and CERT_ARN)',
          (c) => `${sh`aws elbv2 modify-listener --region ${c.region}`} --listener-arn "$LISTENER_ARN" --certificates CertificateArn="$CERT_ARN"`,
        ),
      ],
    },
    {
      id: 'post-update',
      phase: 'resolution',
      kind: 'communication',
      update: 'update',
      title: 'Post the fix and how long propagation may take',
    },
    {
      id: 'reachable',
      phase: 'verification',
      kind: 'manual',
      title: 'Reachable by name from outside, in a browser and with curl',
      commands: [probeHealthVerbose, shell('Resolve again from a public resolver', (c) => `dig +short ${domainArg(c)} @1.1.1.1`)],
    },
    healthUrlAnswers,
    postResolutionNotice,
    {
      id: 'follow-up',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Make it visible earlier next time',
      detail: 'An alarm on certificate days-to-expiry, DNS kept in infrastructure code, and a synthetic check that goes through the CDN and the real name.',
    },
  ],
  related: ['bad-gateway-unhealthy-targets', 'complete-outage'],
}
