import 'server-only'
import type { Actor } from '@/lib/actions/actor'
import { db } from '@/lib/db/client'
import type { ServiceSummary } from './dto'

export async function listServices(_actor: Actor): Promise<ServiceSummary[]> {
  return db.service.findMany({
    orderBy: [{ environment: 'desc' }, { cluster: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      environment: true,
      region: true,
      cluster: true,
      ecsServiceName: true,
      team: true,
      healthUrl: true,
    },
  })
}
