// The matrix of monthly reports opens on the current months: a year wider than its
// box is scrolled so that this month's column is the last one in view (the names
// stay, sticky, on the left). Without JavaScript it opens on January, as before.
(function () {
  "use strict";
  document.querySelectorAll("table[data-current-month]").forEach(function (table) {
    var wrap = table.closest(".table-wrap");
    var cell = table.querySelector('thead th[data-month="' + table.dataset.currentMonth + '"]');
    if (!wrap || !cell || wrap.scrollWidth <= wrap.clientWidth) return;
    var right = cell.getBoundingClientRect().right - wrap.getBoundingClientRect().left;
    wrap.scrollLeft = Math.max(0, wrap.scrollLeft + right - wrap.clientWidth);
  });
})();
