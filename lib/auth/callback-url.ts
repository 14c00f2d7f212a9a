/** Only same-site paths are followed after sign-in, never another host. */
export function safeCallbackUrl(value: unknown, fallback = '/services') {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback
  }
  if (value.startsWith('/login') || value.startsWith('/api/')) return fallback
  return value
}
