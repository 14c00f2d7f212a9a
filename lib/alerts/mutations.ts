import 'server-only'
// The alerts domain's writes; each lives in mutations/ and this module is their one door.
export { countRefusal, ingestSignals, recordPayload, type MatchedSignal } from './mutations/ingest'
export { runDeclares } from './mutations/declare'
export { alertsContext } from './mutations/system'
export { createIntegration, rotateIntegrationToken, updateIntegration } from './mutations/integrations'
export { acknowledgeAlert, attachAlert, silenceAlert } from './mutations/inbox'
export { createAlertRoute, createMaintenanceWindow, createServiceMapping, removeAlertRule } from './mutations/rules'
export { resolveInPagerDuty, savePagerDuty } from './mutations/pagerduty'
