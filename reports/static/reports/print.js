// The Print button of the report pages: shown only when this script runs,
// so a page without JavaScript offers the browser's own Print command instead.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
