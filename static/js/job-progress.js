// A job's page while it runs: look again every few seconds and show the new
// progress in place (announced politely); once it has finished, load the page
// that shows the outcome. Without JavaScript the page refreshes itself instead.
(function () {
  "use strict";
  var region = document.getElementById("job-progress");
  if (!region || !region.dataset.jobRefresh) return;
  var seconds = Number(region.dataset.jobRefresh) || 2;

  function look() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Job-Poll": "1" } })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var page = new DOMParser().parseFromString(text, "text/html");
        var fresh = page.getElementById("job-progress");
        if (fresh && fresh.dataset.jobRefresh) {
          region.innerHTML = fresh.innerHTML;
          window.setTimeout(look, seconds * 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(look, seconds * 1000 * 2); });
  }
  window.setTimeout(look, seconds * 1000);
})();
