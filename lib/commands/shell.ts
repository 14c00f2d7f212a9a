// Copyable commands for people to run. Values are quoted for a POSIX shell so a name
// with odd characters stays one argument; nothing here is ever executed by us.

/** Quotes a value for sh/bash/zsh; safe characters are left bare for readability. */
export function shellQuote(value: string) {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value
  return `'${value.replaceAll("'", `'"'"'`)}'`
}

/** A command from literal words and quoted values: sh`aws ecs describe-services --cluster ${cluster}`. */
export function sh(strings: TemplateStringsArray, ...values: (string | number)[]) {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? shellQuote(String(values[i])) : ''), '')
}
