import { DEFAULT_PASSWORD_REQUIREMENTS } from "../../core/passwords.js";

/**
 * Browser code of the mock's pages, part 2: /login, /reset-password and /logout, with Phoenix 20.26.1's labels,
 * messages and flow (POST /auth/login; GraphQL patchViewer; then /login?message=password_reset).
 */
export const AUTH_JS = String.raw`
var LOGO = '<svg role="img" aria-label="Phoenix" width="48" height="48" viewBox="0 0 48 48"><circle cx="24" cy="24" r="20" fill="#f2b84b"/></svg>';
var AUTH_SUCCESS = { password_reset: "Password has been reset." };

function authLayout() {
  var logo = h("div", { class: "logo" });
  logo.innerHTML = LOGO;
  var children = Array.prototype.slice.call(arguments);
  return h("main", { class: "auth" }, h("div", { class: "auth-card" }, logo, children),
    h("footer", {}, h("span", { text: "phoenix-mock (arize-phoenix v" + CFG.platformVersion + ")" })));
}

function returnUrl() {
  var value = new URLSearchParams(location.search).get("returnUrl") || "/";
  // Only app-relative paths, as Phoenix's getReturnUrl.
  return value.charAt(0) === "/" && value.charAt(1) !== "/" ? value : "/";
}

function loginPage() {
  var params = new URLSearchParams(location.search);
  var success = AUTH_SUCCESS[params.get("message") || ""];
  var slot = h("div", {}, success ? alertBox("success", success) : null);
  var email = field({ name: "email", type: "email", label: "Email", required: true, autofocus: true,
    autocomplete: "email", placeholder: "your email address" });
  var password = field({ name: "password", type: "password", label: "Password", required: true,
    autocomplete: "current-password", placeholder: "your password" });
  email.input.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
  var submit = h("button", { type: "submit", class: "btn primary" }, "Log In");
  var form = h("form", {
    onSubmit: function (e) {
      e.preventDefault();
      if (!form.reportValidity()) return;
      history.replaceState(null, "", "/login" + (params.get("returnUrl") ? "?returnUrl=" + encodeURIComponent(params.get("returnUrl")) : ""));
      slot.replaceChildren();
      submit.disabled = true;
      submit.textContent = "Logging In";
      fetch("/auth/login", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: email.input.value.trim().toLowerCase(), password: password.input.value }),
      }).then(function (response) {
        if (!response.ok) {
          slot.replaceChildren(alertBox("danger", response.status === 429 ? "Too many requests. Please try again later." : "Invalid login"));
          return;
        }
        navigate(returnUrl());
      }).catch(function () {
        slot.replaceChildren(alertBox("danger", "Invalid login"));
      }).finally(function () {
        submit.disabled = false;
        submit.textContent = "Log In";
      });
    },
  }, email.el, password.el,
    CFG.passwordResetEmailEnabled ? h("p", {}, link("/forgot-password", "Forgot your password?", { id: "forgot-password-link" })) : null,
    submit);
  return authLayout(slot, form);
}

function loggedOutPage() {
  // The mock's /logout also ends the session (GET /auth/logout clears the cookies), then says so as Phoenix does.
  var page = authLayout(alertBox("success", "You have been logged out"), h("p", {}, link("/login", "Back to login", { class: "btn" })));
  if (CFG.authenticationEnabled) fetch("/auth/logout", { redirect: "manual" }).catch(function () {});
  return page;
}

// The form's length check takes its number from the core (Phoenix's UI checks the same minimum in the browser).
var MIN_PASSWORD_LENGTH = ${DEFAULT_PASSWORD_REQUIREMENTS.length};
function resetPasswordPage() {
  var slot = h("div", {});
  var email = field({ name: "email", type: "email", label: "Email", required: true, readOnly: true,
    autocomplete: "email", value: viewer ? viewer.email : "", hidden: true });
  var current = field({ name: "currentPassword", type: "password", label: "Old Password", required: true, autofocus: true,
    autocomplete: "current-password", description: "The current password" });
  var next = field({ name: "newPassword", type: "password", label: "New Password", required: true,
    autocomplete: "new-password", description: "Password must be at least " + MIN_PASSWORD_LENGTH + " characters" });
  var confirm = field({ name: "confirmPassword", type: "password", label: "Confirm Password", required: true,
    autocomplete: "new-password", description: "Confirm the new password" });
  var submitted = false;
  function validate() {
    var ok = true;
    var check = function (f, message) { f.setError(message); if (message) ok = false; };
    var c = current.input.value, n = next.input.value, k = confirm.input.value;
    check(current, c ? null : "the current is required");
    check(next, !n ? "Password is required" : n.length < MIN_PASSWORD_LENGTH ? "Password must be at least " + MIN_PASSWORD_LENGTH + " characters" : n === c ? "New password must be different" : null);
    check(confirm, !k ? "Password is required" : k.length < MIN_PASSWORD_LENGTH ? "Password must be at least " + MIN_PASSWORD_LENGTH + " characters" : k !== n ? "Passwords do not match" : null);
    return ok;
  }
  [current, next, confirm].forEach(function (f) { f.input.addEventListener("input", function () { if (submitted) validate(); }); });
  var submit = h("button", { type: "submit", class: "btn primary" }, "Reset Password");
  var form = h("form", {
    novalidate: true,
    onSubmit: function (e) {
      e.preventDefault();
      submitted = true;
      if (!validate()) return;
      slot.replaceChildren();
      submit.disabled = true;
      submit.textContent = "Resetting...";
      gql("mutation ResetPasswordFormMutation($input: PatchViewerInput!) { patchViewer(input: $input) { user { passwordNeedsReset id } } }",
        { input: { currentPassword: current.input.value, newPassword: next.input.value } })
        .then(function () { navigate("/login?message=password_reset"); })
        .catch(function (error) { slot.replaceChildren(alertBox("danger", error.message)); })
        .finally(function () { submit.disabled = false; submit.textContent = "Reset Password"; });
    },
  }, email.el, current.el, next.el, confirm.el, slot,
    h("div", { class: "row" }, button("Cancel", function () { history.back(); }), submit));
  return authLayout(form);
}

/** A FastAPI error body's "detail" when it is a string, else the text as it came. */
function errorDetail(text) {
  try { var body = JSON.parse(text); if (body && typeof body.detail === "string") return body.detail; } catch (e) { /* not JSON */ }
  return text;
}

// /reset-password-with-token?token=…, the page of the emailed link: no token, back to /login; otherwise a new
// password (focused) and its confirmation, POST /auth/password-reset, the server's answer text on failure.
function resetPasswordWithTokenPage() {
  var token = new URLSearchParams(location.search).get("token");
  if (!token) { setTimeout(function () { navigate("/login", true); }, 0); return h("main", {}); }
  var slot = h("div", {});
  var rule = "Password must be at least " + MIN_PASSWORD_LENGTH + " characters";
  var next = field({ name: "newPassword", type: "password", label: "New Password", required: true, autofocus: true,
    autocomplete: "new-password", description: rule });
  var confirm = field({ name: "confirmPassword", type: "password", label: "Confirm Password", required: true,
    description: "Confirm the new password" });
  var submitted = false;
  function validate() {
    var n = next.input.value, k = confirm.input.value;
    var nError = !n ? "Password is required" : n.length < MIN_PASSWORD_LENGTH ? rule : null;
    var kError = !k ? "Password is required" : k.length < MIN_PASSWORD_LENGTH ? rule : k !== n ? "Passwords do not match" : null;
    next.setError(nError);
    confirm.setError(kError);
    return !nError && !kError;
  }
  [next, confirm].forEach(function (f) { f.input.addEventListener("input", function () { if (submitted) validate(); }); });
  var submit = h("button", { type: "submit", class: "btn primary" }, "Reset Password");
  // Empty fields are refused by the browser's own check (the inputs are required), as in Phoenix; then its rules.
  var form = h("form", {
    onSubmit: function (e) {
      e.preventDefault();
      submitted = true;
      if (!validate()) return;
      slot.replaceChildren();
      submit.disabled = true;
      submit.textContent = "Resetting...";
      fetch("/auth/password-reset", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: token, password: next.input.value }),
      }).then(function (response) {
        if (response.ok) return navigate("/login?message=password_reset");
        return response.text().then(function (text) { slot.replaceChildren(alertBox("danger", errorDetail(text))); });
      }).catch(function () {
        slot.replaceChildren(alertBox("danger", "An error occurred. Please try resetting again."));
      }).finally(function () { submit.disabled = false; submit.textContent = "Reset Password"; });
    },
  }, next.el, confirm.el, submit);
  return authLayout(slot, form, h("p", { class: "back" }, link("/login", "Back to Login")));
}

// /forgot-password (linked from the login page when SMTP is configured): POST /auth/password-reset-email with the
// email trimmed and lowercased, then "Check your email" whatever the account (the server answers 204 either way).
function forgotPasswordPage() {
  var slot = h("div", {});
  var email = field({ name: "email", type: "email", label: "Email", required: true, autofocus: true,
    placeholder: "your email address", description: "Enter the email address associated with your account." });
  var submit = h("button", { type: "submit", class: "btn primary" }, "Send");
  var back = h("p", { class: "back" }, link("/login", "Back to Login"));
  var content = h("div", {}, h("h1", { text: "Forgot Password" }),
    h("p", { text: "Type the email address of your account: a link to reset its password will be sent to it." }));
  var form = h("form", {
    onSubmit: function (e) {
      e.preventDefault();
      slot.replaceChildren();
      submit.disabled = true;
      submit.textContent = "Sending...";
      fetch("/auth/password-reset-email", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: email.input.value.trim().toLowerCase() }),
      }).then(function (response) {
        if (!response.ok) return response.text().then(function (text) { slot.replaceChildren(alertBox("danger", text)); });
        page.replaceChildren(h("h1", { text: "Check your email" }),
          h("p", { text: "If that address belongs to an account, an email with a password-reset link is on its way." }), back);
      }).finally(function () { submit.disabled = false; submit.textContent = "Send"; });
    },
  }, email.el, submit);
  var page = h("div", {}, content, slot, form, back);
  return authLayout(page);
}
`;
