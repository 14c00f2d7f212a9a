import { QueryCache, QueryClient } from '@tanstack/react-query'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } })
  if (!res.ok) throw new HttpError(res.status, `${url} answered ${res.status}`)
  return res.json() as Promise<T>
}

/** `onUnauthenticated` runs when a poll finds the session gone (signed out, disabled). */
export function makeQueryClient(onUnauthenticated: () => void = () => undefined) {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (err) => {
        if (err instanceof HttpError && err.status === 401) onUnauthenticated()
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: (count, err) => !(err instanceof HttpError && [401, 403, 404].includes(err.status)) && count < 2,
      },
    },
  })
}
