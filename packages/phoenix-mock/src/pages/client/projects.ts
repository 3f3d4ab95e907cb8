/**
 * Browser code of the mock's pages, part 5: /projects (each project with its trace and span counts) and
 * /projects/{id} (its spans, newest first, refreshed every 2 s so spans are seen streaming in). Read through the
 * REST read-back routes, with the session cookie, as any UI user.
 */
export const PROJECTS_JS = String.raw`
var SPAN_PAGE = 1000;
var COUNT_CAP = 10000;

/** Pages through a project's spans (newest first) up to a cap; returns the spans read. */
function readSpans(projectId, cap) {
  var spans = [];
  function next(cursor) {
    var url = "/v1/projects/" + encodeURIComponent(projectId) + "/spans?limit=" + Math.min(SPAN_PAGE, cap) + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
    return rest(url).then(function (page) {
      spans = spans.concat(page.data);
      if (page.next_cursor && spans.length < cap) return next(page.next_cursor);
      return spans;
    });
  }
  return next(null);
}
function countLabel(n) { return n >= COUNT_CAP ? COUNT_CAP + "+" : String(n); }

/** Phoenix's useViewerCanModify: everyone but a viewer, as the server's viewer { role } answer says. */
function canModify() { return !(viewer && viewer.role.name === "VIEWER"); }

function projectsPage() {
  var list = h("ul", { class: "projects" }, h("li", { text: "Loading..." }));
  var slot = h("div", {});
  var items = null;
  // Phoenix asks the server for projects whose name contains the text (case-insensitive); the mock's page filters
  // the listed projects the same way as the text changes (see docs/divergences.md).
  var search = h("input", { type: "search", "aria-label": "Search projects by name", placeholder: "Search projects by name",
    onInput: function () { filterList(); } });
  function filterList() {
    if (!items) return;
    var needle = search.value.toLowerCase();
    var shown = items.filter(function (item) { return item.project.name.toLowerCase().indexOf(needle) !== -1; });
    list.replaceChildren.apply(list, shown.map(projectCard));
  }
  function load() {
    rest("/v1/projects?limit=100").then(function (page) {
      return Promise.all(page.data.map(function (project) {
        return readSpans(project.id, COUNT_CAP).then(function (spans) { return { project: project, spans: spans }; });
      }));
    }).then(function (loaded) { items = loaded; filterList(); })
      .catch(function (error) { slot.replaceChildren(alertBox("danger", error.message)); });
  }
  load();
  pollTimer = setInterval(load, 2000);
  var create = canModify() ? button("New Project", function () { newProjectDialog(); }, { class: "btn primary", "data-testid": "create-project-button" }) : null;
  return h("main", {}, h("nav", { "aria-label": "Breadcrumbs" }, h("span", { text: "Projects" })),
    h("div", { class: "toolbar" }, search, create), slot, list);
}

function projectCard(item) {
  var traces = {};
  item.spans.forEach(function (s) { traces[s.context.trace_id] = true; });
  var stats = h("div", { class: "stats" },
    h("div", {}, h("h3", { text: "Traces" }), h("span", { text: countLabel(Object.keys(traces).length) })),
    h("div", {}, h("h3", { text: "Spans" }), h("span", { text: countLabel(item.spans.length) })));
  return h("li", {}, link("/projects/" + encodeURIComponent(item.project.id), [
    h("h2", { text: item.project.name }),
    h("p", { text: item.spans.length ? "Spans received." : "No traces uploaded yet." }), stats,
  ], { class: "project-card" }));
}

/** Phoenix's "New project" dialog (name and description; the server checks the name), through POST /v1/projects; then the new project's page. */
function newProjectDialog() {
  var name = field({ name: "name", label: "Name", required: true, placeholder: "e.g. customer-feedback" });
  var description = field({ name: "description", label: "Description", multiline: true, placeholder: "e.g. support agent in production" });
  var slot = h("div", {});
  var d;
  var submit = h("button", { type: "submit", class: "btn primary" }, "Create");
  var form = h("form", {
    onSubmit: function (e) {
      e.preventDefault();
      if (!form.reportValidity()) return;
      submit.disabled = true;
      submit.textContent = "Creating...";
      apiFetch("/v1/projects", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: name.input.value, description: description.input.value || undefined }) })
        .then(function (r) { return r.ok ? r.json() : r.text().then(function (t) { throw new Error(t || String(r.status)); }); })
        .then(function (body) {
          d.close();
          toast("Project created", "Project \"" + body.data.name + "\" has been successfully created.");
          navigate("/projects/" + encodeURIComponent(body.data.id));
        })
        .catch(function (error) { slot.replaceChildren(alertBox("danger", error.message)); })
        .finally(function () { submit.disabled = false; submit.textContent = "Create"; });
    },
  }, h("div", { class: "dialog-body" }, slot, name.el, description.el),
    h("div", { class: "dialog-footer" }, button("Cancel", function () { d.close(); }), submit));
  d = dialog("New project", form);
}

function latency(span) {
  var ms = new Date(span.end_time).getTime() - new Date(span.start_time).getTime();
  return ms < 1000 ? ms + "ms" : (ms / 1000).toFixed(2) + "s";
}
function attributeText(attributes) {
  return Object.keys(attributes).map(function (key) { return key + "=" + JSON.stringify(attributes[key]); }).join(", ");
}

function projectPage(projectId) {
  var heading = h("h2", { text: "Project" });
  var body = h("div", {}, h("p", { text: "Loading..." }));
  var slot = h("div", {});
  rest("/v1/projects/" + encodeURIComponent(projectId)).then(function (project) { heading.textContent = project.data.name; })
    .catch(function (error) { slot.replaceChildren(alertBox("danger", error.message)); });
  function load() {
    readSpans(projectId, SPAN_PAGE).then(function (spans) {
      var rows = spans.map(function (span) {
        return h("tr", {}, h("td", { text: span.span_kind.toLowerCase() }), h("td", { text: span.name }),
          h("td", { text: span.status_code }), timeCell(span.start_time), h("td", { text: latency(span) }),
          h("td", { class: "attributes", text: attributeText(span.attributes) }));
      });
      body.replaceChildren(table(["kind", "name", "status", "start time", "latency", "attributes"], rows, "No spans yet"));
    }).catch(function (error) { slot.replaceChildren(alertBox("danger", error.message)); });
  }
  load();
  pollTimer = setInterval(load, 2000);
  return h("main", {}, h("nav", { "aria-label": "Breadcrumbs" }, link("/projects", "Projects")),
    heading, slot, body);
}
`;
