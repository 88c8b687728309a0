// Every page: a table that is wider than its box scrolls sideways; such a
// scroller is made a named, focusable region so a keyboard can scroll it too.
(function () {
  "use strict";
  function label(wrap) {
    var caption = wrap.querySelector("caption");
    var section = wrap.closest("section[aria-labelledby]");
    var heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    return ((caption || heading || {}).textContent || document.title).trim();
  }
  function update() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  update();
  window.addEventListener("resize", update);
})();
