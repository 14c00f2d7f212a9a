/** How often an open incident's page looks for changes (ms). */
export const INCIDENT_POLL_MS = 3_000
