// The reason proposed for a fix launched from a runbook step: which incident, which
// runbook, which step. Pure and client-safe; the person may change it before running.
export type FixReasonInput = { incidentRef: string; incidentTitle: string; runbookTitle: string; stepTitle: string }

export function proposeFixReason(i: FixReasonInput): string {
  const text = `${i.incidentRef} (${i.incidentTitle}): runbook “${i.runbookTitle}”, step “${i.stepTitle}”.`
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text
}
