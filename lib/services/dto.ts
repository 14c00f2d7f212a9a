export const environments = ['PROD', 'STAGING', 'DEV'] as const
export type Environment = (typeof environments)[number]

export const environmentLabels: Record<Environment, string> = { PROD: 'Production', STAGING: 'Staging', DEV: 'Development' }

export type ServiceSummary = {
  id: string
  name: string
  environment: Environment
  region: string
  cluster: string
  ecsServiceName: string
  team: string
  healthUrl: string | null
  targetGroupArn: string | null
}
