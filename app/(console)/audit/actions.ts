'use server'

import { z } from 'zod'
import { defineAction } from '@/lib/actions/define-action'
import { verifyAuditChain } from '@/lib/audit/queries'

export const verifyAuditChainAction = defineAction({ schema: z.object({}), permission: 'audit:read' }, async (_input, ctx) => verifyAuditChain(ctx.actor))
