import type { MockPhoenixConfig } from "../core/index.js";
import { urlHostname } from "../urlparse.js";

/** The paths Phoenix exempts from the CSRF check (its anonymous OAuth/discovery surfaces). */
function isAnonymousSurface(pathname: string): boolean {
  return pathname.startsWith("/.well-known/") || ["/oauth2/register", "/oauth2/token", "/oauth2/revoke"].includes(pathname);
}

/**
 * Phoenix's CSRF middleware: with PHOENIX_CSRF_TRUSTED_ORIGINS set, an Origin or Referer whose hostname is not one
 * of theirs is refused. Returns the 401 body text (`untrusted origin` / `untrusted referer`), or undefined.
 */
export function csrfCheck(config: MockPhoenixConfig): (request: Request, pathname: string) => string | undefined {
  // Hostnames are the only part Phoenix compares.
  const trusted = new Set(config.csrfTrustedOrigins.map((o) => urlHostname(o)!).filter(Boolean));
  return (request, pathname) => {
    if (trusted.size === 0 || isAnonymousSurface(pathname)) return undefined;
    for (const key of ["origin", "referer"] as const) {
      const value = request.headers.get(key);
      if (value && !trusted.has(urlHostname(value) ?? "")) return `untrusted ${key}`;
    }
    return undefined;
  };
}
