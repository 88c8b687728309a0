// The check-in QR page, an enhancement only: when the minute turns, the page is
// fetched again and its live part (the new code, the count) replaced in place;
// every 15 seconds in between the count is brought up to date the same way.
// Without JavaScript a <noscript> refresh reloads the whole page.
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin]");
  if (!root) {
    return;
  }

  function refresh() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser()
          .parseFromString(html, "text/html")
          .querySelector("[data-checkin-live]");
        var live = root.querySelector("[data-checkin-live]");
        if (fresh && live) {
          live.replaceChildren.apply(live, Array.from(fresh.childNodes));
        }
      })
      .catch(function () {});
  }

  function schedule() {
    // Just after the next minute starts, then every 15 seconds until it.
    var now = Date.now();
    var toMinute = 60000 - (now % 60000) + 500;
    window.setTimeout(function () {
      refresh();
      schedule();
    }, Math.min(toMinute, 15000));
  }
  schedule();
})();
