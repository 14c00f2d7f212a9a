// Client-safe: the input of "Check now" (nothing to choose: every https health URL is checked).
import { z } from 'zod'

export const checkCertificatesSchema = z.object({}).strict()
