// Deterministic randomness: a seeded stream for the engine's choices, and stateless
// hashing for values that must be the same whenever they are asked for (metrics, logs).

/** 32-bit FNV-1a over the parts joined by \u0001 (hashed part by part: no joined string is built). */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) h = Math.imul(h ^ 1, 0x01000193)
    const part = parts[p]
    const s = part == null ? '' : String(part)
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i)
      h = Math.imul(h, 0x01000193)
    }
  }
  // Final avalanche so neighbouring inputs spread out.
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A number in [0, 1) fixed by its inputs. */
export function unit(...parts: (string | number)[]): number {
  return hash32(...parts) / 4294967296
}

export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = hash32('rng', seed) || 1
  }

  /** mulberry32 */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  int(min: number, maxInclusive: number): number {
    return Math.floor(this.between(min, maxInclusive + 1))
  }

  hex(length: number): string {
    let out = ''
    while (out.length < length)
      out += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0')
    return out.slice(0, length)
  }

  digits(length: number): string {
    let out = String(this.int(1, 9))
    while (out.length < length) out += String(this.int(0, 9))
    return out
  }

  uuid(): string {
    const h = this.hex(32)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
}
