import { tokenReceiver } from '@/lib/alerts/receive'

// Alerts in, authenticated by the integration's token, not a session (ARCHITECTURE.md, "Writes that are not server actions").
export const POST = tokenReceiver('ALERTMANAGER')
