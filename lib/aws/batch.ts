import 'server-only'

// Splitting work to AWS's per-call limits and running it with bounded concurrency.

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Like Promise.all over `items`, at most `limit` at a time; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await run(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** "family:revision" or the resource name at the end of an ARN. */
export function shortName(arn: string | null | undefined): string | null {
  if (!arn) return null
  const resource = arn.startsWith('arn:') ? arn.split(':').slice(5).join(':') : arn
  return resource.split('/').pop() ?? resource
}

export const iso = (d: Date | string | number | null | undefined): string | null => {
  if (d === null || d === undefined) return null
  const date = d instanceof Date ? d : new Date(d)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}
