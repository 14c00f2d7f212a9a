/** A refused field's messages, under its input; nothing while the field is fine. */
export function FieldError({ id, messages, className = 'mt-1' }: Readonly<{ id?: string; messages?: string[]; className?: string }>) {
  if (!messages?.length) return null
  return (
    <span id={id} className={`block text-xs text-red-700 ${className}`}>
      {messages.join(' ')}
    </span>
  )
}
