import { defineRoute } from '@/lib/actions/define-route'
import { liveHub } from '@/lib/live/queries'
import { openLiveStream } from '@/lib/live/stream'

export const dynamic = 'force-dynamic'

// Server-Sent Events: what changed, pushed as it commits (lib/live). Signed-in readers only,
// checked like every route when the stream opens; the stream ends after ten minutes and the
// browser reconnects (with its cookie, and Last-Event-ID to resume).
export const GET = defineRoute({ permission: 'console:read' }, async ({ req, ctx }) => {
  const stream = openLiveStream(liveHub(ctx.actor), { lastEventId: req.headers.get('last-event-id'), signal: req.signal })
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no',
    },
  })
})
