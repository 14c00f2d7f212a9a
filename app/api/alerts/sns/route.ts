import { snsReceiver } from '@/lib/alerts/receive'

// CloudWatch alarms and EventBridge events through Amazon SNS, authenticated by AWS's
// signature and the integration's allowed topics, not a session (ARCHITECTURE.md).
export const POST = snsReceiver()
