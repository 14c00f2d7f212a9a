// The demo fleet, defined once: prisma/seed.ts puts it in the catalog and the simulator
// runs it (demoFleet in fleet.ts), so the app's services and the simulated AWS agree.

type DemoService = { name: string; team: string; port: number; withTargetGroup: boolean }

const fleet: DemoService[] = [
  { name: 'orders-api', team: 'commerce', port: 8080, withTargetGroup: true },
  { name: 'payments-api', team: 'payments', port: 8080, withTargetGroup: true },
  { name: 'checkout-web', team: 'commerce', port: 3000, withTargetGroup: true },
  { name: 'catalog-api', team: 'discovery', port: 8080, withTargetGroup: true },
  { name: 'auth-api', team: 'identity', port: 8080, withTargetGroup: true },
  { name: 'inventory-worker', team: 'fulfilment', port: 0, withTargetGroup: false },
  { name: 'notifications-worker', team: 'platform', port: 0, withTargetGroup: false },
]

const clusters: { environment: 'PROD' | 'DEV'; cluster: string; domain: string; services: string[] }[] = [
  { environment: 'PROD', cluster: 'shop-prod', domain: 'shop.example.com', services: fleet.map((s) => s.name) },
  {
    environment: 'DEV',
    cluster: 'shop-dev',
    domain: 'dev.shop.example.com',
    services: ['orders-api', 'payments-api', 'checkout-web', 'catalog-api', 'inventory-worker'],
  },
]

export const DEMO_REGION = 'us-east-1'
const ACCOUNT = '123456789012'

export function demoServices() {
  return clusters.flatMap((c) =>
    c.services.map((name) => {
      const svc = fleet.find((s) => s.name === name)!
      return {
        name,
        environment: c.environment,
        region: DEMO_REGION,
        cluster: c.cluster,
        ecsServiceName: name,
        team: svc.team,
        targetGroupArn: svc.withTargetGroup
          ? `arn:aws:elasticloadbalancing:${DEMO_REGION}:${ACCOUNT}:targetgroup/${`${c.cluster}-${name}`.slice(0, 32)}/0123456789abcdef`
          : null,
        healthUrl: svc.port ? `https://${name}.${c.domain}/healthz` : null,
      }
    }),
  )
}
export { demoResources, DEMO_RESOURCE_CLUSTER } from './demo-resources'
