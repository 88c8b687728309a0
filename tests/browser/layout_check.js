// At 375 px: every element that sticks out of the viewport without a focusable
// scroller around it, and every table wider than its box (cut off).
() => {
  const width = document.documentElement.clientWidth;
  const scrollsAndFocusable = el => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (/(auto|scroll)/.test(s.overflowX) && a.scrollWidth > a.clientWidth) {
        return a.tabIndex >= 0;
      }
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const problems = [];
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push("the page scrolls sideways (" + document.documentElement.scrollWidth + "px)");
  }
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(el).visibility === "hidden") continue;
    if (box.right > width + 1 && !scrollsAndFocusable(el)) {
      problems.push(name(el) + " ends at " + Math.round(box.right) + "px");
    }
  }
  // A table wider than the box that holds it is cut off, unless that box is a
  // scroller a keyboard can reach.
  for (const table of document.querySelectorAll("table")) {
    for (let box = table.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX === "visible") continue;
      if (box.scrollWidth > box.clientWidth + 1 && !scrollsAndFocusable(table)) {
        problems.push("table in " + name(box) + " is cut off: " + box.scrollWidth + " > " + box.clientWidth);
      }
      break;
    }
  }
  return problems.slice(0, 8);
}
