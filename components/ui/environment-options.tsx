import { environmentLabels, environments } from '@/lib/services/dto'

/**
 * The environments as a select's options, in their usual order and words. `any` comes
 * first when the choice may be left open (a filter), with the value that means "every one".
 */
export function EnvironmentOptions({ any }: Readonly<{ any?: { value: string; label: string } }>) {
  return (
    <>
      {any ? <option value={any.value}>{any.label}</option> : null}
      {environments.map((e) => (
        <option key={e} value={e}>
          {environmentLabels[e]}
        </option>
      ))}
    </>
  )
}
