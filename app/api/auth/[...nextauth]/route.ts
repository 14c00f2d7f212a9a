import { authRoute } from '@/lib/auth/sso-route'

export { authRoute as GET, authRoute as POST }
