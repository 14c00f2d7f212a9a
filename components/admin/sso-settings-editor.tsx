'use client'

import { useRouter } from 'next/navigation'
import { type FormEvent, type ReactNode } from 'react'
import { updateSsoSettingsAction } from '@/app/(console)/admin/sso/actions'
import { Card } from '@/components/ui/card'
import { FieldError } from '@/components/ui/field-error'
import { NoticeLine } from '@/components/ui/notice'
import { useAction } from '@/components/ui/use-action'
import { settingVariables, type SsoSettings, type SsoSettingsView } from '@/lib/sso/settings'

const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm disabled:bg-slate-100 disabled:text-slate-500'

const list = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(/[,\n]/)
    .map((v) => v.trim())
    .filter(Boolean)

function parseMapping(text: string) {
  return list(text).map((line) => {
    const at = line.lastIndexOf('=')
    return {
      group: at > 0 ? line.slice(0, at).trim() : line,
      role:
        at > 0
          ? line
              .slice(at + 1)
              .trim()
              .toUpperCase()
          : '',
    }
  })
}

function Field({
  id,
  label,
  hint,
  setting,
  view,
  errors,
  children,
}: Readonly<{ id: string; label: string; hint?: string; setting: keyof SsoSettings; view: SsoSettingsView; errors: string[]; children: ReactNode }>) {
  const fromEnv = view.sources[setting] === 'environment'
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {fromEnv ? <span className="font-medium text-amber-700">Set by {settingVariables[setting]}. </span> : null}
        {hint}
      </p>
      <FieldError messages={errors} />
    </div>
  )
}

function Check({ id, label, hint, setting, view }: Readonly<{ id: string; label: string; hint: string; setting: keyof SsoSettings; view: SsoSettingsView }>) {
  const fromEnv = view.sources[setting] === 'environment'
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        name={id}
        type="checkbox"
        defaultChecked={Boolean(view.settings[setting])}
        disabled={fromEnv}
        className="mt-1 h-4 w-4"
        aria-describedby={`${id}-hint`}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {fromEnv ? <span className="font-medium text-amber-700">Set by {settingVariables[setting]}. </span> : null}
          {hint}
        </p>
      </div>
    </div>
  )
}

export function SsoSettingsEditor({ view }: Readonly<{ view: SsoSettingsView }>) {
  const router = useRouter()
  // Only a save reloads the page (a new version redraws the form); a refusal leaves the typed values in place.
  const { run, pending, notice, fieldErrors: errors } = useAction()
  const { settings } = view
  const errorsFor = (key: string) => Object.entries(errors).flatMap(([k, v]) => (k === `settings.${key}` || k.startsWith(`settings.${key}.`) ? v : []))

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const minutes = Number(form.get('sso-session'))
    const next: SsoSettings = {
      allowedDomains: list(form.get('sso-domains')),
      requiredGroups: list(form.get('sso-groups')),
      groupsClaim: String(form.get('sso-claim') ?? '').trim(),
      groupRoles: parseMapping(String(form.get('sso-mapping') ?? '')) as SsoSettings['groupRoles'],
      inviteOnly: form.get('sso-invite') === 'on',
      allowUnverifiedEmail: form.get('sso-unverified') === 'on',
      ssoOnly: form.get('sso-only') === 'on',
      breakGlassEmail: String(form.get('sso-break-glass') ?? '').trim() || null,
      sessionMaxAgeMinutes: Number.isFinite(minutes) ? minutes : 0,
    }
    // A locked field is not submitted by the browser: keep the value in force.
    for (const key of Object.keys(next) as (keyof SsoSettings)[]) {
      if (view.sources[key] === 'environment') (next as Record<string, unknown>)[key] = settings[key]
    }
    run(
      () => updateSsoSettingsAction({ settings: next, expectedVersion: view.version }),
      'Sign-in settings saved.',
      () => router.refresh(),
    )
  }

  const locked = (key: keyof SsoSettings) => view.sources[key] === 'environment'

  return (
    <Card title="Who may enter">
      <form onSubmit={onSubmit} method="post" className="space-y-4 p-4" key={view.version}>
        <NoticeLine notice={notice} />
        <Field
          id="sso-domains"
          label="Allowed email domains"
          setting="allowedDomains"
          view={view}
          errors={errorsFor('allowedDomains')}
          hint="Comma-separated, for example example.com. Empty: any domain. Only verified emails count."
        >
          <input
            id="sso-domains"
            name="sso-domains"
            defaultValue={settings.allowedDomains.join(', ')}
            disabled={locked('allowedDomains')}
            className={inputClass}
            aria-describedby="sso-domains-hint"
          />
        </Field>
        <Field
          id="sso-groups"
          label="Required groups"
          setting="requiredGroups"
          view={view}
          errors={errorsFor('requiredGroups')}
          hint="Comma-separated; a user must be in at least one. Empty: no group needed."
        >
          <input
            id="sso-groups"
            name="sso-groups"
            defaultValue={settings.requiredGroups.join(', ')}
            disabled={locked('requiredGroups')}
            className={inputClass}
            aria-describedby="sso-groups-hint"
          />
        </Field>
        <Field
          id="sso-claim"
          label="Groups claim"
          setting="groupsClaim"
          view={view}
          errors={errorsFor('groupsClaim')}
          hint="The claim in the ID token or user-info that lists the user's groups (or roles)."
        >
          <input
            id="sso-claim"
            name="sso-claim"
            defaultValue={settings.groupsClaim}
            disabled={locked('groupsClaim')}
            className={inputClass}
            aria-describedby="sso-claim-hint"
          />
        </Field>
        <Field
          id="sso-mapping"
          label="Group to role mapping"
          setting="groupRoles"
          view={view}
          errors={errorsFor('groupRoles')}
          hint="One group=ROLE per line (VIEWER, RESPONDER, COMMANDER, ADMIN). Applied at every SSO sign-in: the highest match wins, no match is Viewer. Empty: roles are set here by hand."
        >
          <textarea
            id="sso-mapping"
            name="sso-mapping"
            rows={4}
            defaultValue={settings.groupRoles.map((g) => `${g.group}=${g.role}`).join('\n')}
            disabled={locked('groupRoles')}
            className={`${inputClass} font-mono`}
            aria-describedby="sso-mapping-hint"
          />
        </Field>
        <Check
          id="sso-invite"
          label="Invite only"
          setting="inviteOnly"
          view={view}
          hint="Single sign-on creates no accounts: add the user on the Users tab and allow the SSO link."
        />
        <Check
          id="sso-unverified"
          label="Admit unverified emails as new viewers"
          setting="allowUnverifiedEmail"
          view={view}
          hint="Off: an email the provider has not verified creates nothing. Never links to an existing account."
        />
        <Check
          id="sso-only"
          label="Single sign-on only"
          setting="ssoOnly"
          view={view}
          hint="Turns password sign-in off for everyone but the break-glass admin."
        />
        <Field
          id="sso-break-glass"
          label="Break-glass admin email"
          setting="breakGlassEmail"
          view={view}
          errors={errorsFor('breakGlassEmail')}
          hint="An active admin with a password who may still sign in with it when single sign-on only is on, or the provider is down."
        >
          <input
            id="sso-break-glass"
            name="sso-break-glass"
            type="email"
            defaultValue={settings.breakGlassEmail ?? ''}
            disabled={locked('breakGlassEmail')}
            className={inputClass}
            aria-describedby="sso-break-glass-hint"
          />
        </Field>
        <Field
          id="sso-session"
          label="Session lifetime (minutes)"
          setting="sessionMaxAgeMinutes"
          view={view}
          errors={errorsFor('sessionMaxAgeMinutes')}
          hint="For every user, from sign-in; 5 to 720 (12 hours). Shortening it also ends sessions already older than the new lifetime."
        >
          <input
            id="sso-session"
            name="sso-session"
            type="number"
            min={5}
            max={720}
            defaultValue={settings.sessionMaxAgeMinutes}
            disabled={locked('sessionMaxAgeMinutes')}
            className={inputClass}
            aria-describedby="sso-session-hint"
          />
        </Field>
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60 sm:w-auto"
        >
          {pending ? 'Saving…' : 'Save sign-in settings'}
        </button>
      </form>
    </Card>
  )
}
