import type { MockPhoenixConfig } from "../core/index.js";
import { urlHostname } from "../urlparse.js";
import { isAnonymousSurface } from "./anonymous.js";

/**
 * Phoenix's CSRF middleware: with PHOENIX_CSRF_TRUSTED_ORIGINS set, an Origin or Referer whose hostname is not one
 * of theirs is refused, except on the anonymous surfaces (anonymous.ts). Returns the 401 body text
 * (`untrusted origin` / `untrusted referer`), or undefined.
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
