// Every page: a part loaded into the page (hx-get) that fails says so instead of spinning.
(function () {
  function showLoadError(event) {
    const target = event.detail.target;
    if (!target) return;
    const alert = document.createElement("div");
    alert.className = "alert alert-warning py-1 mb-0 small";
    alert.setAttribute("role", "alert");
    alert.textContent = document.body.dataset.loadError || "";
    target.replaceChildren(alert);
  }
  document.body.addEventListener("htmx:responseError", showLoadError);
  document.body.addEventListener("htmx:sendError", showLoadError);
})();

// A "print" button (data-print) prints the page with the print style sheet (A4, no menus).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// A filter form's project choice lists the chosen district's projects: choosing another
// district reloads the form with that district's projects (and no project chosen).
document.addEventListener("change", function (event) {
  const district = event.target;
  if (district.name !== "district" || !district.form || district.form.method !== "get") return;
  const project = district.form.elements.namedItem("project");
  if (!(project instanceof HTMLSelectElement)) return;
  project.value = "";
  district.form.requestSubmit();
});

// A choice that follows another field (data-follows="its id"): its options carry the value
// they belong to (data-parent) — a notice's projects their district — and those of another
// are hidden once that field is chosen. Changing that field unchooses them and says which
// (data-dropped-text, "%s" their names); a page that comes back from the server keeps what
// was sent, in sight, beside the server's word on it.
document.querySelectorAll("select[data-follows]").forEach(function (select) {
  const leader = document.getElementById(select.dataset.follows);
  if (!leader) return;
  const note = document.createElement("div");
  note.className = "form-text text-danger";
  note.setAttribute("aria-live", "polite");
  note.dataset.testid = "unchosen";
  select.after(note);
  function refresh(unchoose) {
    const dropped = [];
    select.querySelectorAll("option[data-parent]").forEach(function (option) {
      const other = !!leader.value && option.dataset.parent !== leader.value;
      if (other && option.selected && unchoose) {
        option.selected = false;
        dropped.push(option.textContent.trim());
      }
      option.hidden = other && !option.selected;
    });
    note.textContent = dropped.length
      ? (select.dataset.droppedText || "%s").replace("%s", dropped.join("、"))
      : "";
  }
  leader.addEventListener("change", function () { refresh(true); });
  refresh(false);
});

// A part of a form that applies to one choice of another field (data-shown-when="id=value"),
// such as a property swap's terms: shown only while that field holds the value.
document.querySelectorAll("[data-shown-when]").forEach(function (part) {
  var rule = part.dataset.shownWhen.split("=");
  var field = document.getElementById(rule[0]);
  if (!field) return;
  function update() { part.hidden = field.value !== rule[1]; }
  field.addEventListener("change", update);
  update();
});
