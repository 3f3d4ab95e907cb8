import { DEFAULT_PASSWORD_REQUIREMENTS } from "../../core/passwords.js";

/**
 * Browser code of the mock's pages, part 4: /settings/{general,users,api-keys} and /profile/{account,api-keys}.
 * The admin tabs exist only with auth on and for admins; anyone else who opens one lands on /settings/general.
 */
export const SETTINGS_JS = String.raw`
function tabs(label, items, current, base) {
  var list = h("div", { role: "tablist", "aria-label": label, class: "tabs" }, items.map(function (item) {
    return h("a", { role: "tab", id: "tab-" + item.id, href: base + item.id, "aria-selected": String(item.id === current),
      onClick: function (e) { e.preventDefault(); navigate(base + item.id); } }, item.label);
  }));
  return list;
}
function tabPanel(id, body) { return h("div", { role: "tabpanel", "aria-labelledby": "tab-" + id, class: "panel" }, body); }

function settingsPage(tab) {
  var admin = CFG.authenticationEnabled && isAdmin();
  var items = [{ id: "general", label: "General" }];
  if (admin) items.push({ id: "users", label: "Users" }, { id: "api-keys", label: "API Keys" });
  if (!items.some(function (item) { return item.id === tab; })) return redirectTo("/settings/general");
  var panels = { general: generalPanel, users: usersPanel, "api-keys": systemKeysPanel };
  return h("main", {}, tabs("Settings", items, tab, "/settings/"), tabPanel(tab, panels[tab]()));
}

function readOnlyCopyField(label, value, description) {
  var f = field({ label: label, value: value, readOnly: true, description: description });
  f.el.insertBefore(copyButton(function () { return value; }), f.el.lastChild);
  return f.el;
}
function generalPanel() {
  return card("Platform", null, h("div", {},
    readOnlyCopyField("Hostname", location.origin, "Connect to Phoenix over HTTP"),
    readOnlyCopyField("Platform Version", CFG.platformVersion, "The version of the Phoenix server")));
}

var ROLES = ["admin", "member", "viewer"];
function usersPanel() {
  var list = h("div", {}, h("p", { text: "Loading..." }));
  var slot = h("div", {});
  var fail = function (error) { slot.replaceChildren(alertBox("danger", error.message)); };
  function load() {
    gql("query { users(first: 100) { edges { node { id email username createdAt authMethod apiKeyCount isManagementUser role { name } } } } }")
      .then(function (data) { list.replaceChildren(userTable(data.users.edges.map(function (e) { return e.node; }))); })
      .catch(fail);
  }
  function userTable(users) {
    var rows = users.map(function (user) {
      var role = user.role.name.toLowerCase();
      // The server says which user is the management (default) admin; nobody changes their own role.
      var protectedUser = user.isManagementUser || (viewer && viewer.id === user.id);
      var roleCell = protectedUser ? h("td", { text: role }) : h("td", {}, roleSelect(user, role));
      return h("tr", {},
        h("td", {}, h("span", { class: "username", text: user.username }), " ", h("span", { class: "email", text: user.email || "" })),
        h("td", { text: String(user.apiKeyCount) }), h("td", { text: user.authMethod.toLowerCase() }), roleCell,
        timeCell(user.createdAt), h("td", { class: "actions" }, protectedUser ? null : userActions(user)));
    });
    return table(["user", "API keys", "authentication", "role", "created at", ""], rows, "No users");
  }
  function roleSelect(user, role) {
    var select = h("select", { "aria-label": "User Role", name: "role" }, ROLES.map(function (r) {
      return h("option", { value: r, selected: r === role }, r);
    }));
    select.addEventListener("change", function () {
      var next = select.value;
      select.value = role;
      var d;
      var body = h("div", {}, h("div", { class: "dialog-body" }, h("p", {},
        "Are you sure you want to change the role for " + user.username + " from  ", h("b", { text: role }), " to ", h("b", { text: next }), "?")),
        h("div", { class: "dialog-footer" }, button("Cancel", function () { d.close(); }),
          button("Change role", function () {
            gql("mutation ($input: PatchUserInput!) { patchUser(input: $input) { user { id } } }", { input: { userId: user.id, newRole: next.toUpperCase() } })
              .then(function () { d.close(); toast("Role Changed", "Users role has been changed."); load(); })
              .catch(function (error) { d.close(); fail(error); });
          }, { class: "btn primary" })));
      d = dialog("Confirm role change", body);
    });
    return select;
  }
  function userActions(user) {
    var menu = h("ul", { role: "menu", "aria-label": "User Actions", class: "menu", hidden: true },
      h("li", { role: "menuitem", tabindex: "-1", onClick: function () { menu.hidden = true; confirmDelete(user); } }, "Delete"));
    var trigger = button("", function () { menu.hidden = !menu.hidden; }, { "aria-label": "User Actions", "aria-haspopup": "menu", class: "btn icon" });
    trigger.textContent = "\u22ef";
    return h("div", { class: "menu-wrap" }, trigger, menu);
  }
  function confirmDelete(user) {
    var d;
    var body = h("div", {}, h("div", { class: "dialog-body" }, h("p", { class: "danger", text: "Are you sure you want to delete this user? This action cannot be undone." })),
      h("div", { class: "dialog-footer" }, button("Cancel", function () { d.close(); }),
        button("Delete user", function () {
          gql("mutation ($input: DeleteUsersInput!) { deleteUsers(input: $input) { userIds } }", { input: { userIds: [user.id] } })
            .then(function () { d.close(); toast("User deleted", "User has been deleted."); load(); })
            .catch(function (error) { d.close(); fail(error); });
        }, { class: "btn danger" })));
    d = dialog("Delete User", body);
  }
  var add = button("Add User", function () { newUserDialog(load); }, { class: "btn primary" });
  load();
  return card("Users", add, h("div", {}, slot, list));
}

function newUserDialog(onAdded) {
  var email = field({ name: "email", type: "email", label: "Email", required: true, description: "The user's email address. Must be unique." });
  var username = field({ name: "username", label: "Username", required: true, description: "A unique username." });
  var password = field({ name: "password", type: "password", label: "Password", required: true, description: "Password must be at least ${DEFAULT_PASSWORD_REQUIREMENTS.length} characters" });
  var confirm = field({ name: "confirmPassword", type: "password", label: "Confirm Password", required: true, description: "Confirm the new password" });
  var roleId = nextId("role");
  var role = h("select", { id: roleId, name: "role" }, ["member", "admin", "viewer"].map(function (r) { return h("option", { value: r }, r); }));
  var slot = h("div", {});
  var d;
  var form = h("form", {
    novalidate: true,
    onSubmit: function (e) {
      e.preventDefault();
      var ok = true;
      var check = function (f, message) { f.setError(message); if (message) ok = false; };
      check(email, email.input.value ? null : "Email is required");
      check(username, username.input.value ? null : "Username is required");
      check(password, password.input.value.length < ${DEFAULT_PASSWORD_REQUIREMENTS.length} ? "Password must be at least ${DEFAULT_PASSWORD_REQUIREMENTS.length} characters" : null);
      check(confirm, confirm.input.value !== password.input.value ? "Passwords do not match" : null);
      if (!ok) return;
      gql("mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } } }", { input: {
        email: email.input.value, username: username.input.value, password: password.input.value,
        role: role.value.toUpperCase(), sendWelcomeEmail: false, authMethod: "LOCAL",
      } }).then(function () { d.close(); toast("User added", "User has been added."); onAdded(); })
        .catch(function (error) { slot.replaceChildren(alertBox("danger", error.message)); });
    },
  }, h("div", { class: "dialog-body" }, email.el, username.el, password.el, confirm.el,
    h("div", { class: "field" }, h("label", { for: roleId, text: "Role" }), role), slot),
    h("div", { class: "dialog-footer" }, h("button", { type: "submit", class: "btn primary" }, "Add User")));
  d = dialog("Add User", form);
}

function profilePage(tab) {
  var items = [{ id: "account", label: "Account" }, { id: "api-keys", label: "API Keys" }];
  if (!CFG.authenticationEnabled) return redirectTo("/settings/general");
  if (!items.some(function (item) { return item.id === tab; })) return redirectTo("/profile/account");
  var panels = { account: accountPanel, "api-keys": viewerKeysPanel };
  return h("main", {}, tabs("Profile", items, tab, "/profile/"), tabPanel(tab, panels[tab]()));
}
function accountPanel() {
  var email = field({ label: "Email", value: viewer.email, readOnly: true });
  var username = field({ name: "username", label: "Username", required: true, value: viewer.username, description: "A unique username" });
  var slot = h("div", {});
  var save = h("button", { type: "submit", class: "btn", disabled: true }, "Save");
  username.input.addEventListener("input", function () { save.disabled = !username.input.value || username.input.value === viewer.username; });
  var form = h("form", {
    onSubmit: function (e) {
      e.preventDefault();
      gql("mutation ($input: PatchViewerInput!) { patchViewer(input: $input) { user { id username } } }", { input: { newUsername: username.input.value } })
        .then(function (data) { viewer.username = data.patchViewer.user.username; save.disabled = true; toast("Profile updated", "Your username has been changed."); })
        .catch(function (error) { slot.replaceChildren(alertBox("danger", error.message)); });
    },
  }, email.el, username.el, slot, save);
  return card("Account", link("/reset-password", "Reset Password"), h("div", {}, h("h2", { text: viewer.username }), form));
}
`;
