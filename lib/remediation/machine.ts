// The remediation state machine. Pure and client-safe: the one table of which event moves a
// request from which state to which. Every write of a request's status goes through
// `transition` (lib/remediation/mutations.ts applies it under a guarded update), so a state
// change the table does not allow cannot happen.
//
// An EXECUTING request is in one of three stages:
//   SENDING    the AWS call may be in flight (this instance is waiting for its answer);
//   VERIFYING  the call did not answer (timeout, dropped connection): reading the service back
//              to learn whether the change landed, never sending it again;
//   WATCHING   the change landed; its deployment is judged until COMPLETED, FAILED or replaced.
import type { RemediationStatus } from './dto'

export type Stage = 'SENDING' | 'VERIFYING' | 'WATCHING'
export type MachineState = Exclude<RemediationStatus, 'EXECUTING'> | `EXECUTING:${Stage}`

export const remediationEvents = [
  'approve', // a second person approved
  'reject', // a second person rejected
  'expire', // nobody decided (or ran an approved request) within the approval window
  'claim', // this instance takes the request to run it
  'refuse', // not run: rate limit or another action running
  'answered', // AWS answered the change: watch its deployment
  'refused_by_aws', // AWS answered with an error: nothing changed
  'no_answer', // the call timed out or the connection dropped: read back
  'landed', // read back: the change is there
  'not_landed', // read back: the change is not there, and the window for it to appear passed
  'completed', // our deployment completed with every desired task running
  'failed', // our deployment's rollout FAILED
  'replaced', // our deployment was replaced by another before it completed
  'timed_out', // not steady within the watch window
  'lost', // the outcome cannot be learned (AWS silent past the window, or the sender vanished)
] as const
export type RemediationEvent = (typeof remediationEvents)[number]

export const transitions: Readonly<Partial<Record<MachineState, Partial<Record<RemediationEvent, MachineState>>>>> = {
  PENDING_APPROVAL: { approve: 'APPROVED', reject: 'REJECTED', expire: 'EXPIRED' },
  // expire: approved, but the instance that was to run it stopped, and its window passed before the worker found it.
  APPROVED: { claim: 'EXECUTING:SENDING', refuse: 'FAILED', expire: 'EXPIRED' },
  // landed / not_landed from SENDING: the sender vanished mid-call (a restart) and the worker read back.
  'EXECUTING:SENDING': {
    answered: 'EXECUTING:WATCHING',
    refused_by_aws: 'FAILED',
    no_answer: 'EXECUTING:VERIFYING',
    landed: 'EXECUTING:WATCHING',
    not_landed: 'FAILED',
    lost: 'UNKNOWN',
  },
  'EXECUTING:VERIFYING': { landed: 'EXECUTING:WATCHING', not_landed: 'FAILED', lost: 'UNKNOWN' },
  'EXECUTING:WATCHING': { completed: 'SUCCEEDED', failed: 'FAILED', replaced: 'UNKNOWN', timed_out: 'FAILED', lost: 'UNKNOWN' },
}

export const terminal: readonly RemediationStatus[] = ['SUCCEEDED', 'FAILED', 'UNKNOWN', 'REJECTED', 'EXPIRED']

export function stateOf(status: RemediationStatus, stage: string | null): MachineState {
  if (status !== 'EXECUTING') return status
  return `EXECUTING:${(stage as Stage | null) ?? 'SENDING'}`
}

/** The next state, or null when the event does not apply to this state. */
export function transition(from: MachineState, event: RemediationEvent): MachineState | null {
  return transitions[from]?.[event] ?? null
}

/** The database columns of a state. */
export function columnsOf(state: MachineState): { status: RemediationStatus; stage: Stage | null } {
  if (state.startsWith('EXECUTING:')) return { status: 'EXECUTING', stage: state.slice('EXECUTING:'.length) as Stage }
  return { status: state as RemediationStatus, stage: null }
}
