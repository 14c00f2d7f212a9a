'use client'

import { useEffect, useState } from 'react'

/** The first reading of a page nobody opened before: it waits for AWS, and says how long it has waited. */
export function FirstReading() {
  const [since] = useState(() => Date.now())
  const [now, setNow] = useState(since)
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  const waited = Math.round((now - since) / 1000)
  return (
    <div className="flex h-64 items-center justify-center rounded-xl bg-slate-100 px-4 text-center" aria-busy="true">
      <p role="status" className="text-sm text-slate-700">
        {waited < 5
          ? 'Reading ECS, CloudWatch and the load balancer for this service…'
          : `AWS has not answered for ${waited} s. Each call gives up after about 10 s; the page then shows what it could read and what it could not.`}
      </p>
    </div>
  )
}
