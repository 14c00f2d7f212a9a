import { authorizeRequest } from '@/lib/auth/session'
import { AppError } from '@/lib/errors'
import { logger } from '@/lib/logger'
import { previewRemediation } from '@/lib/remediation/mutations'
import { previewRemediationSchema } from '@/lib/remediation/schemas'

export const dynamic = 'force-dynamic'

// GET ?kind=SCALE&desiredCount=8: what the button would change, read live from AWS. Changes nothing.
export async function GET(req: Request, { params }: { params: Promise<{ serviceId: string }> }) {
  const { user, response } = await authorizeRequest('remediation:request')
  if (!user) return response
  const query = Object.fromEntries(new URL(req.url).searchParams)
  const parsed = previewRemediationSchema.safeParse({ serviceId: (await params).serviceId, action: query })
  if (!parsed.success) return Response.json({ error: 'VALIDATION', message: parsed.error.issues.map((i) => i.message).join('; ') }, { status: 400 })
  try {
    const preview = await previewRemediation({ actor: user, requestId: crypto.randomUUID(), log: logger }, parsed.data)
    return Response.json(preview, { headers: { 'cache-control': 'no-store' } })
  } catch (err) {
    if (err instanceof AppError) return Response.json({ error: err.code, message: err.message }, { status: err.code === 'NOT_FOUND' ? 404 : 409 })
    throw err
  }
}
