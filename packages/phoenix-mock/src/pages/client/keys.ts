/**
 * Browser code of the mock's pages, part 3: API keys — the create dialog, the one-time key dialog, the key table
 * with its delete confirmation — shared by /settings/api-keys (system keys) and /profile/api-keys (the viewer's).
 */
export const KEYS_JS = String.raw`
/** Phoenix's CreateAPIKeyDialog: Name (required), Description, Expires At (optional, in the future). */
function createKeyDialog(defaultName, onSubmit) {
  var name = field({ name: "name", label: "Name", value: defaultName, description: "A name to identify the key" });
  var description = field({ name: "description", label: "Description", multiline: true, description: "A description of the system key" });
  var expires = field({ name: "expiresAt", type: "datetime-local", label: "Expires At", description: "The date at which the key will expire. Optional" });
  var slot = h("div", {});
  var submit = h("button", { type: "submit", class: "btn primary" }, "Create Key");
  function validate() {
    var ok = true;
    name.setError(name.input.value ? null : "System key name is required");
    if (!name.input.value) ok = false;
    var at = expires.input.value ? new Date(expires.input.value) : null;
    expires.setError(at && at < new Date() ? "Date must be in the future" : null);
    if (at && at < new Date()) ok = false;
    submit.disabled = !ok;
    return ok;
  }
  [name, expires].forEach(function (f) { f.input.addEventListener("input", validate); });
  var d;
  var form = h("form", {
    novalidate: true,
    onSubmit: function (e) {
      e.preventDefault();
      if (!validate()) return;
      submit.disabled = true;
      submit.textContent = "Creating...";
      var at = expires.input.value ? new Date(expires.input.value).toISOString() : null;
      onSubmit({ name: name.input.value, description: description.input.value || null, expiresAt: at })
        .then(function () { d.close(); })
        .catch(function (error) { slot.replaceChildren(alertBox("danger", error.message)); submit.disabled = false; submit.textContent = "Create Key"; });
    },
  }, h("div", { class: "dialog-body" }, name.el, description.el, expires.el, slot), h("div", { class: "dialog-footer" }, submit));
  d = dialog("Create an API Key", form);
}

/** Phoenix's OneTimeAPIKeyDialog: the only place the key is ever shown; gone from the page once closed. */
function oneTimeKeyDialog(jwt) {
  var keyField = field({ name: "apiKey", label: "API Key", value: jwt, readOnly: true });
  keyField.el.appendChild(copyButton(function () { return jwt; }));
  var snippet = function (value) {
    return h("div", { class: "snippet" }, h("input", { readonly: true, value: value, "aria-label": "Snippet" }),
      button("Copy", function () { if (navigator.clipboard) navigator.clipboard.writeText(value); }, { class: "btn icon" }));
  };
  var d;
  var body = h("div", {},
    alertBox("success", "You have successfully created a new API key. The API key will only be displayed once below. Please copy and save it in a secure location."),
    h("div", { class: "dialog-body" }, keyField.el),
    h("div", { class: "dialog-body" }, h("h2", { text: "How to Use the API Key" }),
      h("p", { text: "When interacting with Phoenix clients and OTEL SDKs, set the environment variable" }),
      snippet("PHOENIX_API_KEY=" + jwt),
      h("p", { text: "When using OpenTelemetry SDKs pass the API key in the headers" }),
      snippet("OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer " + jwt + "'"),
      h("p", { text: "When using the Phoenix REST and GraphQL APIs, pass the API key as a bearer token." }),
      snippet("Authorization: Bearer " + jwt)),
    h("div", { class: "dialog-footer" }, button("Close", function () { d.close(); }, { class: "btn primary", "aria-label": "dismiss" })));
  d = dialog("New API Key Created", body);
}

/** Phoenix's DeleteAPIKeyButton: a confirmation dialog, then the delete mutation. */
function deleteKeyButton(onDelete) {
  return button("\u2715", function () {
    var d;
    var body = h("div", {}, h("div", { class: "dialog-body" }, h("p", { text: "This cannot be undone and will disable all uses of this key." })),
      h("div", { class: "dialog-footer" }, button("Cancel", function () { d.close(); }),
        button("Delete API key", function () { d.close(); onDelete(); }, { class: "btn danger" })));
    d = dialog("Delete API key", body);
  }, { "aria-label": "Delete API key", class: "btn icon danger", title: "Delete API key" });
}

function keyTable(keys, onDelete, empty) {
  var rows = keys.map(function (key) {
    return h("tr", {}, h("td", { text: key.name }), h("td", { text: key.description || "--" }), timeCell(key.createdAt),
      timeCell(key.expiresAt), h("td", { class: "actions" }, deleteKeyButton(function () { onDelete(key.id); })));
  });
  return table(["Name", "Description", "Created At", "Expires At", ""], rows, empty);
}

var KEY_FIELDS = "id name description createdAt expiresAt";
/** One key panel: list, create (shown once), delete; the system and personal panels differ only in these words. */
function keysPanel(spec) {
  var list = h("div", {}, h("p", { text: "Loading..." }));
  var slot = h("div", {});
  var fail = function (error) { slot.replaceChildren(alertBox("danger", error.message)); };
  function load() {
    gql(spec.listQuery).then(function (data) { list.replaceChildren(keyTable(spec.keysOf(data), remove, spec.empty)); }).catch(fail);
  }
  function remove(id) {
    gql("mutation ($input: DeleteApiKeyInput!) { " + spec.deleteMutation + "(input: $input) { apiKeyId } }", { input: { id: id } })
      .then(function () { toast(spec.deleted[0], spec.deleted[1]); load(); })
      .catch(fail);
  }
  var create = button(spec.createLabel, function () {
    createKeyDialog(spec.defaultName(), function (input) {
      return gql("mutation ($input: " + spec.createInput + "!) { " + spec.createMutation + "(input: $input) { jwt apiKey { id } } }", { input: input })
        .then(function (data) { oneTimeKeyDialog(data[spec.createMutation].jwt); load(); });
    });
  }, { class: "btn primary" });
  load();
  return card(spec.title, create, h("div", {}, slot, list));
}

function systemKeysPanel() {
  return keysPanel({
    title: "System API Keys", createLabel: "System Key", defaultName: function () { return "System"; }, empty: "No system keys",
    listQuery: "query { systemApiKeys { " + KEY_FIELDS + " } }", keysOf: function (data) { return data.systemApiKeys; },
    deleteMutation: "deleteSystemApiKey", deleted: ["System key deleted", "The system key has been deleted and is no longer active."],
    createMutation: "createSystemApiKey", createInput: "CreateApiKeyInput",
  });
}

function viewerKeysPanel() {
  return keysPanel({
    title: "Personal API Keys", createLabel: "New Key", defaultName: function () { return viewer ? viewer.username : ""; }, empty: "No API keys",
    listQuery: "query { viewer { apiKeys { " + KEY_FIELDS + " } } }", keysOf: function (data) { return data.viewer ? data.viewer.apiKeys : []; },
    deleteMutation: "deleteUserApiKey", deleted: ["API key deleted", "The key has been deleted and is no longer active."],
    createMutation: "createUserApiKey", createInput: "CreateUserApiKeyInput",
  });
}
`;
