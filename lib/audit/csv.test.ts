import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv'

describe('audit CSV', () => {
  it('quotes every cell and doubles quotes', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x', 'say "hi"'],
          [null, 3],
        ],
      ),
    ).toBe('"a","b"\r\n"x","say ""hi"""\r\n"","3"\r\n')
  })
  it('keeps a cell from running as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('-1+1')).toBe(`"'-1+1"`)
  })
})
