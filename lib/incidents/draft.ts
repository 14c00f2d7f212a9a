import 'server-only'
// The declare form's first draft for one service: title, impact and severity from its
// live health (`proposeIncident`), and the runbooks that fit what the health says, the
// best first. Without live health there is no draft: the form then starts empty.
import type { Actor } from '@/lib/actions/actor'
import { getFleetHealth } from '@/lib/health/queries/fleet'
import { logger } from '@/lib/logger'
import { runbooksForIncident } from '@/lib/runbooks/match'
import { proposeIncident, type IncidentProposal } from './proposal'

const DRAFT_WAIT_MS = 4_000

export type DeclareDraft = IncidentProposal & { runbooks: { id: string; title: string; why: string[] }[] }

export async function declareDraft(actor: Actor, serviceId: string): Promise<DeclareDraft | null> {
  try {
    // Fresh, not this process's last snapshot: the draft must say what the board said a moment
    // ago. Never held up by a slow AWS: after a few seconds the form opens without a draft.
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('live health took too long')), DRAFT_WAIT_MS)))
    const fleet = await Promise.race([getFleetHealth(actor, { waitForFresh: true }), late]).finally(() => clearTimeout(timer))
    const row = fleet.services.find((s) => s.serviceId === serviceId)
    if (!row || !row.seen || row.status === 'unknown' || row.status === 'healthy') return null
    const proposal = proposeIncident(row)
    const { suggested } = runbooksForIncident({ findings: row.findings, text: `${proposal.title}\n${proposal.impact}` })
    return { ...proposal, runbooks: suggested.slice(0, 3).map((s) => ({ id: s.runbook.id, title: s.runbook.title, why: s.why.slice(0, 2) })) }
  } catch (err) {
    logger.warn({ err }, 'declare form without a draft from live health')
    return null
  }
}
