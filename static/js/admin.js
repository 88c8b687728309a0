// The admin's widgets named for assistive technology: Django's tabular inlines
// label their fields only by the column header, and select2 (autocomplete
// fields) leaves its combobox and search box without a name.
(function () {
  "use strict";
  function text(el) {
    return el ? el.textContent.replace(/\s*\*\s*$/, "").trim() : "";
  }
  function labelFor(id) {
    return text(document.querySelector('label[for="' + id + '"]'));
  }
  function nameTabular(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var headers = Array.prototype.map.call(
        table.querySelectorAll("thead th"), function (th) { return text(th); }
      );
      table.querySelectorAll("tbody tr").forEach(function (row, index) {
        Array.prototype.forEach.call(row.children, function (cell, column) {
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if (field.labels && field.labels.length) return;
            if (field.hasAttribute("aria-label")) return;
            var header = headers[column] || "";
            if (field.type === "checkbox" && /DELETE$/.test(field.name)) header = headers[headers.length - 1] || header;
            if (header) field.setAttribute("aria-label", header + " " + (index + 1));
          });
        });
      });
    });
  }
  function nameSelect2(root) {
    root.querySelectorAll("select.admin-autocomplete, select[data-autocomplete-light-function], select.select2-hidden-accessible").forEach(function (select) {
      var name = labelFor(select.id) || select.getAttribute("aria-label") || "";
      var container = select.nextElementSibling;
      if (!name || !container || !container.classList.contains("select2")) return;
      container.querySelectorAll(".select2-selection, .select2-selection__rendered, .select2-search__field").forEach(function (el) {
        el.setAttribute("aria-label", name);
      });
      container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
        list.setAttribute("role", "list");
      });
    });
  }
  function nameScrollers(root) {
    // Any box that scrolls sideways (the change list, inlines, history) is a
    // named, focusable region, so a keyboard can scroll it too.
    root.querySelectorAll("#content div, #content fieldset").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth + 1 || box.hasAttribute("tabindex")) return;
      if (!/(auto|scroll)/.test(getComputedStyle(box).overflowX)) return;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var heading = box.querySelector("h2, caption");
      box.setAttribute("aria-label", text(heading) || document.title.split(" | ")[0]);
    });
  }
  function nameOthers(root) {
    // The "?" icons beside the filter boxes carry a name but no role.
    root.querySelectorAll(".help-tooltip[aria-label]:not([role]), .help-tooltip[title]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    // A split date and time field: "Date:" and "Time:" are plain text before each box.
    root.querySelectorAll("p.datetime").forEach(function (p) {
      var field = p.closest(".form-row, .fieldBox, div");
      var main = field ? text(field.querySelector("label")) : "";
      p.querySelectorAll("input").forEach(function (input) {
        if (input.labels && input.labels.length) return;
        var before = input.previousSibling;
        var part = before && before.nodeType === 3 ? before.textContent.replace(":", "").trim() : "";
        input.setAttribute("aria-label", (main + " " + part).trim());
      });
    });
  }
  function all() {
    nameTabular(document);
    nameSelect2(document);
    nameScrollers(document);
    nameOthers(document);
  }
  window.addEventListener("load", function () {
    all();
    // Rows added with "Add another" and widgets set up later get their names too.
    new MutationObserver(all).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("resize", function () { nameScrollers(document); });
})();
