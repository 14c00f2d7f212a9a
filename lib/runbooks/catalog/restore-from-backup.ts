import { sh } from '@/lib/commands/shell'
import { connectionCount, dbInstance, errorLogs, forceNewDeploymentCli, healthUrlAnswers, shell, variable } from '../templates'
import type { Runbook } from '../types'

const db = variable('DB_INSTANCE_ID')
const restored = variable('RESTORED_DB_ID')

export const restoreFromBackup: Runbook = {
  id: 'restore-from-backup',
  title: 'Restoring from backups',
  summary:
    'Data was lost or corrupted, or a database cannot be recovered in place. Restore a snapshot or a point in time into a new instance, check it, point the application at it, and clear anything that still remembers the old endpoint.',
  category: 'data',
  severityHint: 'SEV1',
  symptoms: [
    'Rows or tables deleted or overwritten by mistake (a bad migration, a wrong script)',
    'The database instance is damaged or cannot start',
    'Corrupted data is being served to users',
    'Infrastructure state (for example a Terraform state file) was lost',
  ],
  matchers: {
    alarmPatterns: ['backup', 'snapshot', 'restore'],
    keywords: [
      'restore',
      'backup',
      'snapshot',
      'data loss',
      'lost data',
      'deleted data',
      'data corruption',
      'corrupted',
      'point in time',
      'pitr',
      'dropped table',
      'disaster recovery',
    ],
  },
  steps: [
    {
      id: 'stop-damage',
      phase: 'triage',
      kind: 'manual',
      title: 'Stop whatever is still damaging the data',
      detail:
        'Pause the job, migration or service that deletes or corrupts data before restoring anything, or the restored copy is damaged as well. Note the exact time the damage began: it decides the restore point.',
    },
    {
      id: 'post-initial',
      phase: 'triage',
      kind: 'communication',
      update: 'initial',
      title: 'Post the first notice: what data, since when, and that a restore is planned',
    },
    {
      id: 'find-backups',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Find the backups you can restore',
      detail: 'Automatic snapshots are taken daily; point-in-time restore can go to any second inside the retention window, up to about five minutes ago.',
      commands: [
        dbInstance,
        shell(
          'Latest snapshots of the instance',
          (c) =>
            `${sh`aws rds describe-db-snapshots --region ${c.region} --db-instance-identifier`} ${db} --query 'reverse(sort_by(DBSnapshots,&SnapshotCreateTime))[0:5].[DBSnapshotIdentifier,SnapshotCreateTime,Status,SnapshotType]' --output table`,
        ),
        shell(
          'Earliest and latest point you can restore to',
          (c) =>
            `${sh`aws rds describe-db-instances --region ${c.region} --db-instance-identifier`} ${db} --query 'DBInstances[0].{latest:LatestRestorableTime,retentionDays:BackupRetentionPeriod}'`,
        ),
      ],
    },
    {
      id: 'snapshot-now',
      phase: 'diagnosis',
      kind: 'manual',
      title: 'Take a manual snapshot of the current state first',
      detail: 'Keeps what is there now (including data written since the damage) so nothing more is lost if the restore goes wrong.',
      commands: [
        shell(
          'Snapshot the instance now',
          (c) =>
            `${sh`aws rds create-db-snapshot --region ${c.region} --db-instance-identifier`} ${db} --db-snapshot-identifier "before-restore-$(date -u +%Y%m%d-%H%M)"`,
        ),
      ],
    },
    {
      id: 'restore',
      phase: 'resolution',
      kind: 'manual',
      title: 'Restore into a new instance',
      detail:
        'RDS never restores over an existing instance; it creates a new one. Choose a point just before the damage began. Use the same subnet group, security groups and parameter group as the original.',
      commands: [
        shell(
          'Restore to a point in time (set RESTORE_TIME, e.g. 2025-01-31T09:55:00Z)',
          (c) =>
            `${sh`aws rds restore-db-instance-to-point-in-time --region ${c.region} --source-db-instance-identifier`} ${db} --target-db-instance-identifier ${restored} --restore-time "$RESTORE_TIME" --db-subnet-group-name "$DB_SUBNET_GROUP" --vpc-security-group-ids "$DB_SECURITY_GROUP"`,
        ),
        shell(
          'Or restore a snapshot (set SNAPSHOT_ID)',
          (c) =>
            `${sh`aws rds restore-db-instance-from-db-snapshot --region ${c.region}`} --db-instance-identifier ${restored} --db-snapshot-identifier "$SNAPSHOT_ID" --db-subnet-group-name "$DB_SUBNET_GROUP" --vpc-security-group-ids "$DB_SECURITY_GROUP"`,
        ),
        shell(
          'Wait until it is available (often 10-30 minutes or more)',
          (c) => `${sh`aws rds wait db-instance-available --region ${c.region} --db-instance-identifier`} ${restored}`,
        ),
      ],
    },
    {
      id: 'check-restored',
      phase: 'resolution',
      kind: 'manual',
      title: 'Check the restored data before switching',
      detail: 'Connect to the new instance and check the rows that were lost are there and the newest rows are from just before the damage.',
      commands: [
        shell(
          'Endpoint of the restored instance',
          (c) =>
            `${sh`aws rds describe-db-instances --region ${c.region} --db-instance-identifier`} ${restored} --query 'DBInstances[0].Endpoint.Address' --output text`,
        ),
      ],
    },
    {
      id: 'switch',
      phase: 'resolution',
      kind: 'manual',
      title: 'Point the application at the restored database',
      detail:
        'Change the database host in the secret or the task definition, then restart the service so every task reads it. Alternatively rename the instances so the old endpoint name moves to the restored one (that briefly takes both offline).',
      commands: [
        shell(
          'Store the new connection settings (edit new-db-secret.json first; set SECRET_ID)',
          (c) => `${sh`aws secretsmanager put-secret-value --region ${c.region}`} --secret-id "$SECRET_ID" --secret-string file://new-db-secret.json`,
        ),
        forceNewDeploymentCli,
      ],
    },
    {
      id: 'restart',
      phase: 'resolution',
      kind: 'remediation',
      action: { kind: 'force_new_deployment' },
      title: 'Restart the service on the new settings',
    },
    {
      id: 'stale-caches',
      phase: 'resolution',
      kind: 'manual',
      title: 'Clear anything that remembers the old data or endpoint',
      detail:
        'Application caches may hold data from the damaged database, and resolvers or connection pools may still point at the old endpoint until their TTL runs out. Flush the cache, invalidate the CDN if it served the bad data, and restart clients that resolved the old name.',
    },
    {
      id: 'other-stores',
      phase: 'resolution',
      kind: 'manual',
      optional: true,
      title: 'Other stores: DynamoDB, S3, Terraform state',
      detail:
        'DynamoDB restores a point in time into a new table; S3 with versioning can bring back earlier object versions; a lost Terraform state is rebuilt by importing the existing resources and checking that plan shows no changes.',
      commands: [
        shell(
          'Restore a DynamoDB table to a point in time (set TABLE, RESTORED_TABLE, RESTORE_TIME)',
          (c) =>
            `${sh`aws dynamodb restore-table-to-point-in-time --region ${c.region}`} --source-table-name "$TABLE" --target-table-name "$RESTORED_TABLE" --restore-date-time "$RESTORE_TIME"`,
        ),
        shell('Versions of an S3 object (set BUCKET and KEY)', () => 'aws s3api list-object-versions --bucket "$BUCKET" --prefix "$KEY" --max-items 10'),
        shell('Bring an existing resource back into Terraform state (set ADDRESS and ID)', () => 'terraform import "$ADDRESS" "$ID" && terraform plan'),
      ],
    },
    {
      id: 'deployment-steady',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'deployment_steady' },
      title: 'The service is steady on the restored database',
    },
    healthUrlAnswers,
    {
      id: 'smoke',
      phase: 'verification',
      kind: 'manual',
      title: 'Run the smoke tests and watch connections and errors',
      commands: [connectionCount, errorLogs],
    },
    {
      id: 'errors-below',
      phase: 'verification',
      kind: 'verification',
      check: { kind: 'metric_below', signal: 'error_rate', line: 'warning', forMinutes: 10 },
      title: 'Errors stay under 1 %',
    },
    {
      id: 'post-resolution',
      phase: 'follow_up',
      kind: 'communication',
      update: 'resolution',
      title: 'Post the resolution, including the window of data that could not be recovered',
    },
    {
      id: 'tidy',
      phase: 'follow_up',
      kind: 'manual',
      title: 'Keep the old instance until everyone agrees, then tidy up',
      detail:
        'Keep the damaged instance (stopped) for the investigation and for recovering writes made after the restore point. Record restore time and effort: it tests the recovery objectives.',
    },
  ],
  related: ['complete-outage', 'security-incident', 'database-performance'],
}
