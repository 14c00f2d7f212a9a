import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { EnvironmentOptions } from './environment-options'

const select = (props: Parameters<typeof EnvironmentOptions>[0]) =>
  renderToStaticMarkup(createElement('select', null, createElement(EnvironmentOptions, props)))

describe('EnvironmentOptions', () => {
  it('lists the environments in their order and words, with the open choice first when a filter has one', () => {
    const list = '<option value="PROD">Production</option><option value="STAGING">Staging</option><option value="DEV">Development</option>'
    expect(select({})).toBe(`<select>${list}</select>`)
    expect(select({ any: { value: '', label: 'Any' } })).toBe(`<select><option value="">Any</option>${list}</select>`)
    expect(select({ any: { value: 'ALL', label: 'All' } })).toBe(`<select><option value="ALL">All</option>${list}</select>`)
  })
})
