import { QueryClient } from '@tanstack/react-query'

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } })
  if (res.status === 401 && typeof window !== 'undefined') window.location.assign('/login')
  if (!res.ok) throw new HttpError(res.status, `${url} answered ${res.status}`)
  return res.json() as Promise<T>
}

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: (count, err) => !(err instanceof HttpError && [401, 403, 404].includes(err.status)) && count < 2,
      },
    },
  })
}
