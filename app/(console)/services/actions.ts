'use server'

import { defineAction } from '@/lib/actions/define-action'
import { checkCertificatesNow } from '@/lib/certificates/queries'
import { checkCertificatesSchema } from '@/lib/certificates/schemas'

/** "Check now": the TLS certificates of every https health URL, checked again from the app. */
export const checkCertificatesAction = defineAction({ schema: checkCertificatesSchema, permission: 'incident:write' }, async (_input, ctx) =>
  checkCertificatesNow(ctx.actor),
)
