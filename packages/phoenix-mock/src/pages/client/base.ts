/**
 * Browser code of the mock's pages, part 1: DOM helpers, the API client (REST and GraphQL with Phoenix's cookie
 * refresh), the router and the app frame. Plain ES2020 in a string: it runs in the browser, never in Node, and
 * uses no template literals so it can live in this one. The accessible names are Phoenix 20.26.1's.
 */
export const BASE_JS = String.raw`
"use strict";
var CFG = window.Config;
var app = document.getElementById("root");
var viewer = null;
var pollTimer = null;

function h(tag, attrs) {
  var el = document.createElement(tag);
  var props = attrs || {};
  Object.keys(props).forEach(function (key) {
    var value = props[key];
    if (value === undefined || value === null || value === false) return;
    if (key === "text") el.textContent = value;
    else if (key.slice(0, 2) === "on") el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "value") el.value = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  });
  for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
  return el;
}
function append(el, child) {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) child.forEach(function (c) { append(el, c); });
  else el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
}
var uid = 0;
function nextId(prefix) { uid += 1; return prefix + "-" + uid; }

/** A labelled input in Phoenix's TextField shape: label (with " *" when required), input, description/error. */
function field(opts) {
  var id = nextId("field");
  var descId = id + "-desc";
  var input = h(opts.multiline ? "textarea" : "input", {
    id: id, name: opts.name, type: opts.multiline ? undefined : (opts.type || "text"), required: !!opts.required,
    readonly: !!opts.readOnly, placeholder: opts.placeholder, autocomplete: opts.autocomplete, value: opts.value,
    "aria-describedby": opts.description ? descId : undefined, autofocus: !!opts.autofocus,
  });
  var desc = h("div", { id: descId, class: "desc", text: opts.description || "" });
  var wrap = h("div", { class: "field" + (opts.hidden ? " visually-hidden" : "") },
    h("label", { for: id }, opts.label, opts.required ? h("span", { class: "req", text: " *" }) : null), input, desc);
  return {
    el: wrap, input: input,
    setError: function (message) {
      if (message) { input.setAttribute("aria-invalid", "true"); desc.textContent = message; desc.className = "desc error"; }
      else { input.removeAttribute("aria-invalid"); desc.textContent = opts.description || ""; desc.className = "desc"; }
    },
  };
}
function alertBox(variant, message) { return h("div", { role: "alert", class: "alert " + variant, text: message }); }
function button(label, onClick, attrs) {
  var props = Object.assign({ type: "button", class: "btn", onClick: onClick }, attrs || {});
  return h("button", props, label);
}
function copyButton(getValue) {
  return button("Copy", function () { if (navigator.clipboard) navigator.clipboard.writeText(getValue()); }, {
    "aria-label": "Copy to clipboard", class: "btn icon copy", title: "Copy to clipboard",
  });
}
function formatTime(iso) {
  if (!iso) return "--";
  var d = new Date(iso);
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var hours = d.getHours() % 12 || 12;
  return pad(d.getMonth() + 1) + "/" + pad(d.getDate()) + "/" + d.getFullYear() + ", " + pad(hours) + ":" +
    pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + " " + (d.getHours() < 12 ? "AM" : "PM");
}
function timeCell(iso) { return h("td", {}, h("time", { datetime: iso || undefined, text: formatTime(iso) })); }

// ---- API: same-origin fetches with the session cookies, as Phoenix's UI (authFetch): on a 401 one shared
// POST /auth/refresh, abandoned after 10 s (window.__PHOENIX_AUTH_REFRESH_TIMEOUT_MS__, as in Phoenix, for tests),
// then the request once more; a refresh that fails or times out loads /login with the page as its returnUrl.
var refreshing = null;
function refreshSession() {
  if (!refreshing) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, window.__PHOENIX_AUTH_REFRESH_TIMEOUT_MS__ || 10000);
    refreshing = fetch("/auth/refresh", { method: "POST", signal: controller.signal })
      .then(function (r) { return r.ok; }, function () { return false; })
      .then(function (ok) { clearTimeout(timer); refreshing = null; return ok; });
  }
  return refreshing;
}
function apiFetch(path, init, retried) {
  return fetch(path, init).then(function (response) {
    if (response.status === 401 && CFG.authenticationEnabled && !retried) {
      return refreshSession().then(function (ok) {
        if (ok) return apiFetch(path, init, true);
        location.assign("/login?returnUrl=" + encodeURIComponent(location.pathname + location.search));
        throw new Error("Not logged in");
      });
    }
    return response;
  });
}
function gql(query, variables) {
  return apiFetch("/graphql", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: query, variables: variables || {} }),
  }).then(function (r) { return r.json(); }).then(function (body) {
    if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
    return body.data;
  });
}
function rest(path) {
  return apiFetch(path, { headers: { accept: "application/json" } }).then(function (r) {
    if (!r.ok) return r.text().then(function (t) { throw new Error(t || String(r.status)); });
    return r.json();
  });
}

// ---- routing ---------------------------------------------------------------------------------------------------
function navigate(to, replace) {
  if (replace) history.replaceState(null, "", to); else history.pushState(null, "", to);
  render();
}
function toLogin() {
  var here = location.pathname + location.search;
  navigate("/login?returnUrl=" + encodeURIComponent(here === "/" ? "/projects" : here), true);
}
function link(to, label, attrs) {
  return h("a", Object.assign({ href: to, onClick: function (e) { e.preventDefault(); navigate(to); } }, attrs || {}), label);
}
window.addEventListener("popstate", function () { render(); });

var VIEWER_QUERY = "query { viewer { id username email passwordNeedsReset authMethod role { name } } }";
function loadViewer() {
  if (!CFG.authenticationEnabled) return Promise.resolve(null);
  return apiFetch("/graphql", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: VIEWER_QUERY }),
  }).then(function (r) { return r.json(); }).then(function (body) { return body.data ? body.data.viewer : null; });
}
function isAdmin() { return !CFG.authenticationEnabled || (viewer && viewer.role.name === "ADMIN"); }

function render() {
  if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  var path = location.pathname.replace(/\/+$/, "") || "/";
  var publicPages = { "/login": loginPage, "/logout": loggedOutPage, "/reset-password-with-token": resetPasswordWithTokenPage,
    "/forgot-password": forgotPasswordPage };
  if (publicPages[path]) return show(publicPages[path]());
  if (path === "/") return navigate("/projects", true);
  loadViewer().then(function (v) {
    viewer = v;
    if (CFG.authenticationEnabled && !v) return toLogin();
    if (v && v.passwordNeedsReset && path !== "/reset-password") return navigate("/reset-password", true);
    if (path === "/reset-password") return show(resetPasswordPage());
    show(appFrame(route(path)));
  }).catch(function (error) { if (error.message !== "Not logged in") show(appFrame(errorPage(error))); });
}
function show(node) { app.replaceChildren(node); var focus = app.querySelector("[autofocus]"); if (focus) focus.focus(); }
function route(path) {
  var m;
  if (path === "/projects") return projectsPage();
  if ((m = /^\/projects\/([^/]+)(\/spans|\/traces)?$/.exec(path))) return projectPage(decodeURIComponent(m[1]));
  if (path === "/settings") return redirectTo("/settings/general");
  if ((m = /^\/settings\/([^/]+)$/.exec(path))) return settingsPage(m[1]);
  if (path === "/profile") return redirectTo("/profile/account");
  if ((m = /^\/profile\/([^/]+)$/.exec(path))) return profilePage(m[1]);
  return h("main", {}, h("h1", { text: "Not Found" }), h("p", { text: "No page at " + path + "." }), link("/projects", "Go to projects"));
}
function redirectTo(to) { setTimeout(function () { navigate(to, true); }, 0); return h("main", {}); }
function errorPage(error) { return h("main", {}, alertBox("danger", error.message)); }

function appFrame(content) {
  var items = [
    h("li", {}, link("/projects", "Tracing")),
    h("li", {}, link("/settings/general", "Settings")),
  ];
  if (CFG.authenticationEnabled) items.push(h("li", {}, accountMenu()));
  return h("div", { class: "frame" },
    h("nav", { class: "side" }, h("a", { href: "/projects", class: "brand", text: "version: " + CFG.platformVersion }),
      h("ul", {}, items)),
    h("div", { class: "content" }, content));
}
function accountMenu() {
  var menu = h("ul", { role: "menu", "aria-label": "Account", class: "menu", hidden: true },
    h("li", { role: "menuitem", tabindex: "-1", onClick: function () { navigate("/profile/account"); } }, "Profile"),
    h("li", { role: "menuitem", tabindex: "-1", onClick: function () { location.replace("/auth/logout"); } }, "Log Out"));
  var trigger = button("Account", function () {
    var open = menu.hidden;
    menu.hidden = !open;
    trigger.setAttribute("aria-expanded", String(open));
    if (open) menu.querySelector("[role=menuitem]").focus();
  }, { "aria-haspopup": "menu", "aria-expanded": "false" });
  return h("div", { class: "menu-wrap" }, trigger, menu);
}

/** A modal dialog named by its heading; returns { el, close }. */
function dialog(title, body, onClose) {
  var titleId = nextId("dialog-title");
  var overlay;
  var close = function () { overlay.remove(); document.removeEventListener("keydown", onKey); if (onClose) onClose(); };
  var onKey = function (e) { if (e.key === "Escape") close(); };
  var box = h("div", { role: "dialog", "aria-modal": "true", "aria-labelledby": titleId, class: "dialog" },
    h("div", { class: "dialog-header" }, h("h2", { id: titleId, text: title }),
      button("\u00d7", close, { class: "btn icon", "aria-label": "Close dialog" })),
    body);
  overlay = h("div", { class: "overlay" }, box);
  document.addEventListener("keydown", onKey);
  document.body.appendChild(overlay);
  var first = box.querySelector("input, textarea, select");
  if (first) first.focus();
  return { el: box, close: close };
}
function toast(title, message) {
  var el = h("div", { role: "status", class: "toast" }, h("strong", { text: title }), " ", message);
  document.body.appendChild(el);
  setTimeout(function () { el.remove(); }, 4000);
}
function card(title, extra, body) {
  return h("section", { class: "card" }, h("div", { class: "card-header" }, h("h3", { text: title }), extra), body);
}
function table(headers, rows, empty) {
  if (!rows.length) return h("p", { class: "empty", text: empty });
  return h("table", {}, h("thead", {}, h("tr", {}, headers.map(function (name) { return h("th", { text: name }); }))),
    h("tbody", {}, rows));
}
`;
