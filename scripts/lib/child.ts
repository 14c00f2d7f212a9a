// A benchmark's load in a process of its own (as real viewers are elsewhere): clients
// parsing responses in the benchmark's own event loop, beside the simulator and whatever
// else it times, make it measure its own queue instead of the server. The child gets its
// input as JSON in an environment variable and talks in lines of JSON on stdout; the parent
// may send it lines on stdin.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** Milliseconds on a clock both processes share. */
export const epochMs = () => performance.timeOrigin + performance.now()

/** Starts `moduleUrl` (a module that calls `childEntry(flag, …)`) as a child process with `input`. */
export function spawnChild(moduleUrl: string, flag: string, input: unknown) {
  const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(moduleUrl), flag], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_CHILD_INPUT: JSON.stringify(input) },
  })
  const lines = createInterface({ input: proc.stdout! })
  return {
    pid: proc.pid,
    /** The child's next line, parsed; rejects when it exits first. */
    next<T>() {
      return new Promise<T>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the child process exited (${code})`))
        proc.once('exit', onExit)
        lines.once('line', (line) => (proc.off('exit', onExit), resolve(JSON.parse(line) as T)))
      })
    },
    send: (line: string) => proc.stdin!.write(`${line}\n`),
    kill: () => proc.kill('SIGKILL'),
  }
}

/** In the child: when started with `flag`, runs `main` with its input and exits (1 on a failure). */
export function childEntry<I>(flag: string, main: (input: I) => Promise<void>) {
  if (!process.argv.includes(flag)) return
  main(JSON.parse(process.env.BENCH_CHILD_INPUT ?? '{}') as I).then(
    () => process.exit(0),
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}

/** Writes one line of JSON to the parent and resolves once it is out (stdout is a pipe, so written asynchronously). */
export const sendLine = (value: unknown) => new Promise<void>((done) => process.stdout.write(`${JSON.stringify(value)}\n`, () => done()))
