// What an API operation handler gets, and small readers for loosely typed request bodies.
import type { Simulation } from './simulation'

export type ApiContext = {
  sim: Simulation
  region: string
  requestId: string
  /** Throws this API's throttling error when a throttling scenario covers one of these services. */
  touch(serviceKeys: Iterable<string>): void
}

export type Input = Record<string, unknown>

export type OperationHandler = (input: Input, ctx: ApiContext) => unknown

export function optString(input: Input, key: string): string | undefined {
  const v = input[key]
  return typeof v === 'string' ? v : undefined
}

export function optNumber(input: Input, key: string): number | undefined {
  const v = input[key]
  if (typeof v === 'number') return v
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v)
  return undefined
}

export function stringList(input: Input, key: string): string[] | undefined {
  const v = input[key]
  if (!Array.isArray(v)) return undefined
  return v.filter((x): x is string => typeof x === 'string')
}

export function objectList(input: Input, key: string): Input[] | undefined {
  const v = input[key]
  if (!Array.isArray(v)) return undefined
  return v.filter((x): x is Input => typeof x === 'object' && x !== null)
}

/** JSON protocols send timestamps as epoch seconds; accept ISO strings too. */
export function optTime(input: Input, key: string): number | undefined {
  const v = input[key]
  if (typeof v === 'number') return Math.round(v * 1000)
  if (typeof v === 'string') {
    const parsed = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v)
    return Number.isNaN(parsed) ? undefined : Math.round(parsed)
  }
  return undefined
}

export function page<T>(items: T[], offset: number, size: number): { items: T[]; next?: number } {
  const slice = items.slice(offset, offset + size)
  return { items: slice, next: offset + size < items.length ? offset + size : undefined }
}
