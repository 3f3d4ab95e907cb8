/**
 * Python's `urlparse(url).hostname`: only URLs with a "//" netloc have one; lower-cased, without userinfo, port or
 * IPv6 brackets. Shared by the config check of PHOENIX_CSRF_TRUSTED_ORIGINS and the HTTP layer's CSRF check.
 */
export function urlHostname(url: string): string | undefined {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url) ?? /^\/\/([^/?#]*)/.exec(url);
  if (!match) return undefined;
  const netloc = match[1]!.replace(/^.*@/, "");
  const host = netloc.startsWith("[") ? netloc.slice(1, netloc.indexOf("]")) : netloc.replace(/:.*$/, "");
  return host ? host.toLowerCase() : undefined;
}
