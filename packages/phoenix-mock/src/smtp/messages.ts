import type { EmailMessage } from "./client.js";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The password-reset email: Phoenix's subject; the mock's own short HTML with the link (its anchor id is Phoenix's). */
export function passwordResetEmailMessage(to: string, resetUrl: string): EmailMessage {
  return {
    to,
    subject: "[Phoenix] Password Reset Request",
    html: `<!DOCTYPE html>
<html>
  <head><meta charset="UTF-8" /><title>Password Reset</title></head>
  <body>
    <p>A password reset was requested for your Phoenix account (phoenix-mock).</p>
    <p><a id="reset-url" href="${escapeHtml(resetUrl)}">Reset Password</a></p>
    <p>If you did not ask for it, tell your administrator.</p>
  </body>
</html>
`,
  };
}

/** The welcome email: Phoenix's subject; the mock's own short HTML greeting the user with the link (Phoenix's anchor id). */
export function welcomeEmailMessage(to: string, name: string, welcomeUrl: string): EmailMessage {
  return {
    to,
    subject: "[Phoenix] Welcome to Arize Phoenix",
    html: `<!DOCTYPE html>
<html>
  <head><meta charset="UTF-8" /><title>Welcome</title></head>
  <body>
    <p>Hi ${escapeHtml(name)}, an account was created for you on Phoenix (phoenix-mock).</p>
    <p><a id="welcome-url" href="${escapeHtml(welcomeUrl)}">Get Started</a></p>
  </body>
</html>
`,
  };
}
