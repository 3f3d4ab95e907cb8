import { AUTH_JS } from "./client/auth.js";
import { BASE_JS } from "./client/base.js";
import { KEYS_JS } from "./client/keys.js";
import { PROJECTS_JS } from "./client/projects.js";
import { SETTINGS_JS } from "./client/settings.js";

/** What the pages need to know about the server, as Phoenix injects `window.Config` into its index.html. */
export interface PageConfig {
  readonly platformVersion: string;
  readonly authenticationEnabled: boolean;
  /** Whether SMTP is configured (Phoenix's `passwordResetEmailEnabled`). */
  readonly passwordResetEmailEnabled?: boolean;
}

const STYLE = `
:root { color-scheme: dark; --bg: #0e0e0e; --card: #1b1b1f; --border: #333; --text: #e8e8e8; --muted: #9a9a9a;
  --primary: #f2b84b; --danger: #e5534b; --success: #3fb950; font-family: system-ui, sans-serif; }
body { margin: 0; background: var(--bg); color: var(--text); font-size: 14px; }
a { color: var(--primary); }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.auth { min-height: 100vh; display: flex; flex-direction: column; align-items: center; justify-content: center; }
.auth-card { width: 400px; max-width: 100%; padding: 32px; background: var(--card); border: 1px solid var(--border); border-radius: 8px; }
.auth footer { margin-top: 24px; color: var(--muted); }
.logo { text-align: center; margin-bottom: 16px; }
.field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; }
.field input, .field textarea, select { background: #111; color: var(--text); border: 1px solid var(--border); border-radius: 4px; padding: 8px; }
.field input[aria-invalid=true] { border-color: var(--danger); }
.req { color: var(--danger); }
.desc { color: var(--muted); font-size: 12px; } .desc.error { color: var(--danger); }
.btn { background: #2a2a2f; color: var(--text); border: 1px solid var(--border); border-radius: 4px; padding: 8px 14px; cursor: pointer; }
.btn.primary { background: var(--primary); color: #111; border-color: var(--primary); width: auto; }
.btn.danger { border-color: var(--danger); color: var(--danger); } .btn.icon { padding: 4px 8px; }
.btn.copy { align-self: flex-start; }
form > .btn.primary { width: 100%; }
.row { display: flex; gap: 16px; } .row > * { flex: 1; }
.alert { padding: 10px 12px; border-radius: 4px; margin-bottom: 12px; }
.alert.danger { background: #3b1716; border: 1px solid var(--danger); } .alert.success { background: #132a17; border: 1px solid var(--success); }
.frame { display: flex; min-height: 100vh; }
.side { width: 180px; padding: 16px; border-right: 1px solid var(--border); }
.side ul { list-style: none; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.brand { display: block; color: var(--muted); margin-bottom: 16px; text-decoration: none; }
.content { flex: 1; padding: 24px; }
.menu-wrap { position: relative; display: inline-block; }
.menu { position: absolute; z-index: 5; list-style: none; margin: 4px 0; padding: 4px; background: var(--card); border: 1px solid var(--border); border-radius: 4px; min-width: 140px; }
.menu [role=menuitem] { padding: 6px 10px; cursor: pointer; } .menu [role=menuitem]:hover, .menu [role=menuitem]:focus { background: #2a2a2f; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--border); margin-bottom: 16px; }
.tabs [role=tab] { padding: 8px 14px; color: var(--muted); text-decoration: none; }
.tabs [role=tab][aria-selected=true] { color: var(--text); border-bottom: 2px solid var(--primary); }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 16px; margin-bottom: 16px; }
.card-header { display: flex; justify-content: space-between; align-items: center; }
table { width: 100%; border-collapse: collapse; } th, td { text-align: left; padding: 8px; border-bottom: 1px solid var(--border); }
td.attributes { font-family: monospace; font-size: 12px; color: var(--muted); max-width: 480px; overflow-wrap: anywhere; }
.empty { color: var(--muted); }
.overlay { position: fixed; inset: 0; background: rgba(0,0,0,.6); display: flex; align-items: center; justify-content: center; z-index: 10; }
.dialog { background: var(--card); border: 1px solid var(--border); border-radius: 8px; width: 560px; max-width: 95vw; max-height: 90vh; overflow: auto; }
.dialog-header { display: flex; justify-content: space-between; align-items: center; padding: 12px 16px; border-bottom: 1px solid var(--border); }
.dialog-header h2 { margin: 0; font-size: 16px; }
.dialog-body { padding: 16px; } .dialog-footer { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 16px; border-top: 1px solid var(--border); }
.snippet { display: flex; gap: 4px; } .snippet input { flex: 1; font-family: monospace; background: #111; color: var(--text); border: 1px solid var(--border); padding: 6px; }
.toast { position: fixed; right: 16px; bottom: 16px; background: var(--card); border: 1px solid var(--border); padding: 12px; border-radius: 6px; }
.toolbar { display: flex; justify-content: space-between; gap: 8px; margin: 12px 0; } .toolbar input { flex: 1; max-width: 420px; background: #111; color: var(--text); border: 1px solid var(--border); border-radius: 4px; padding: 8px; }
.projects { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 16px; }
.project-card { display: block; background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 16px; color: var(--text); text-decoration: none; }
.stats { display: flex; gap: 24px; } .stats h3 { font-size: 12px; color: var(--muted); margin: 0; }
`;

const CLIENT_JS = [BASE_JS, AUTH_JS, KEYS_JS, SETTINGS_JS, PROJECTS_JS, "render();"].join("\n");

/** JSON for an inline <script>: `<`, U+2028 and U+2029 escaped so no value can end the script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The one HTML document of the mock's pages, served for every unmatched GET as Phoenix serves its index.html; the
 * inline script routes by path. It holds no secret: the session lives in HttpOnly cookies and keys are fetched.
 */
export function pageHtml(config: PageConfig): string {
  const windowConfig = {
    basename: "",
    platformVersion: config.platformVersion,
    authenticationEnabled: config.authenticationEnabled,
    passwordResetEmailEnabled: !!config.passwordResetEmailEnabled,
    basicAuthDisabled: false,
  };
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <title>Phoenix</title>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <meta name="generator" content="phoenix-mock" />
    <style>${STYLE}</style>
  </head>
  <body>
    <div id="root"></div>
    <script>Object.defineProperty(window, "Config", { value: Object.freeze(${scriptJson(windowConfig)}), writable: false });</script>
    <script>${CLIENT_JS}</script>
  </body>
</html>
`;
}
