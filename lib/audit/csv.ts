// CSV for spreadsheets: every field quoted, quotes doubled, and a leading = + - @
// neutralised so a cell never runs as a formula when opened.
export function csvCell(value: unknown) {
  let s = value == null ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return `"${s.replaceAll('"', '""')}"`
}

export function toCsv(header: string[], rows: unknown[][]) {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
