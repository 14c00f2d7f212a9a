// How often the board's health is read again. Pure and client-safe, and free of React, so
// server code run outside Next.js (the benchmarks) can import it.
export const REFRESH_MS = 10_000
