// The demo resources (lib/simulator/demo-resources.ts) in the catalog, linked to the demo
// services that depend on them. Idempotent: an existing resource is left as it is.
import type { DbClient } from '../lib/db/create-client'
import type { Prisma } from '../lib/db/generated/client'
import { DEMO_REGION, demoResources, DEMO_RESOURCE_CLUSTER } from '../lib/simulator/demo-fleet'

export async function seedDemoResources(tx: Pick<DbClient, 'service' | 'resource'>) {
  const services = await tx.service.findMany({ where: { region: DEMO_REGION, cluster: DEMO_RESOURCE_CLUSTER }, select: { id: true, ecsServiceName: true } })
  const idOf = new Map(services.map((s) => [s.ecsServiceName, s.id]))
  for (const r of demoResources()) {
    const where = { kind_region_awsId: { kind: r.kind, region: DEMO_REGION, awsId: r.awsId } }
    if (await tx.resource.findUnique({ where, select: { id: true } })) continue
    await tx.resource.create({
      data: {
        kind: r.kind,
        name: r.name,
        awsId: r.awsId,
        arn: r.arn,
        region: DEMO_REGION,
        environment: 'PROD',
        team: r.team,
        config: r.config as Prisma.InputJsonValue,
        services: { create: r.services.flatMap((name) => (idOf.has(name) ? [{ serviceId: idOf.get(name)! }] : [])) },
      },
    })
  }
}
