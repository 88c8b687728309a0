// Attendance form, an enhancement only: without JavaScript "Mark all present"
// asks the server for the same form with every row present.
(function () {
  "use strict";
  var form = document.querySelector("[data-attendance-form]");
  if (!form) {
    return;
  }
  var tally = form.querySelector("[data-tally]");
  var statuses = [];
  var first = form.querySelector("fieldset.choices");
  if (first) {
    first.querySelectorAll("label").forEach(function (label) {
      var input = label.querySelector("input");
      statuses.push({ value: input.value, label: label.textContent.trim() });
    });
  }

  function updateTally() {
    if (!tally) {
      return;
    }
    var rows = form.querySelectorAll("fieldset.choices");
    var parts = statuses.map(function (status) {
      var count = form.querySelectorAll(
        'fieldset.choices input[value="' + status.value + '"]:checked'
      ).length;
      return status.label + " " + count;
    });
    var chosen = form.querySelectorAll("fieldset.choices input:checked").length;
    parts.push(tally.dataset.noneLabel + " " + (rows.length - chosen));
    tally.textContent = parts.join(" · ");
  }

  var markAll = form.querySelector("[data-mark-all]");
  if (markAll) {
    markAll.addEventListener("click", function (event) {
      event.preventDefault();
      form.querySelectorAll('fieldset.choices input[value="hadir"]').forEach(function (input) {
        input.checked = true;
      });
      updateTally();
    });
  }
  form.addEventListener("change", updateTally);
  updateTally();

  // Scrolling keeps the sticky save bar's height free, so it never hides the focus.
  var bar = form.querySelector(".save-bar");
  function reserveBar() {
    document.documentElement.style.setProperty(
      "--save-bar-height", bar.getBoundingClientRect().height + 16 + "px"
    );
  }
  if (bar) {
    reserveBar();
    window.addEventListener("resize", reserveBar);
  }
})();

// While check-in is open, the count of those checked in rises by itself: it is read
// from the session's QR page every 20 seconds (the rows stay as they are, so nothing
// typed is lost; reload the page to see them).
(function () {
  "use strict";
  var count = document.querySelector("[data-checkin-count]");
  if (!count) {
    return;
  }
  window.setInterval(function () {
    fetch(count.dataset.source, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        var found = html && new DOMParser()
          .parseFromString(html, "text/html")
          .querySelector("[data-testid=checkin-tally]");
        if (found) {
          count.textContent = found.textContent;
        }
      })
      .catch(function () {});
  }, 20000);
})();
