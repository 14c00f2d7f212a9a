import 'server-only'
import { setTimeout as sleep } from 'node:timers/promises'
import { RateLimiter, type RateApi } from './rate-limits'

// The app's AWS clients keep under AWS's request rates (lib/aws/rate-limits.ts) themselves: each
// attempt of a call takes a token of its bucket, per region, and waits for one when the bucket is
// empty. A burst (a cold start reading 2,000 services, a catalog import) then takes a few seconds
// longer instead of being throttled, failing, and leaving the board blind. The app allows itself
// half of each bucket's burst, leaving the rest to whatever else calls AWS in the account. The wait
// comes before the attempt's own timeout starts.

const limiter = new RateLimiter(() => Date.now(), 0.5)

type Handler = (args: unknown) => Promise<unknown>
type Pacer = (next: Handler, context: { commandName?: string }) => Handler
/** The one overload of an SDK v3 client's `middlewareStack.add` this uses (each client's own types are generic over its commands). */
type Stack = { add(middleware: Pacer, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void }

/** The client, its every attempt paced under `api`'s limits in `region`. */
export function paced<C extends { middlewareStack: object }>(client: C, api: RateApi, region: string): C {
  ;(client.middlewareStack as Stack).add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '')
      const wait = limiter.reserve(api, operation, region)
      if (wait > 0) await sleep(wait)
      return next(args)
    },
    // After the retry step: a retried attempt waits for its token too.
    { step: 'finalizeRequest', priority: 'low', name: 'paceUnderAwsRateLimits' },
  )
  return client
}
