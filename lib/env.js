// The one place that reads process.env. Configuration is validated once, at start
// (next.config.js imports this file), and a bad value stops the app with one line
// that names the variable.
import { envSchema, parseEnv, serverRequired } from './config/env-schema.js'

function load() {
  if (process.env.SKIP_ENV_VALIDATION === '1') return envSchema.parse({})
  return parseEnv(process.env, { require: serverRequired })
}

/** @type {import('./config/env-schema.js').Env} */
export const env = load()
