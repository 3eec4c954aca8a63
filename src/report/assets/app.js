// councils report: the period timeline and the organisation search.
// Works from file:// with no network; without JavaScript every period is shown.
(function () {
  "use strict";

  function setupTimeline(root) {
    var buttons = Array.prototype.slice.call(root.querySelectorAll("[role=tab]"));
    var panels = Array.prototype.slice.call(root.querySelectorAll("[role=tabpanel]"));
    var slider = root.querySelector("input[type=range]");
    var status = root.querySelector("[data-status]");
    function show(index, focus) {
      buttons.forEach(function (b, i) {
        var on = i === index;
        b.setAttribute("aria-selected", on ? "true" : "false");
        b.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
      });
      if (slider) { slider.value = String(index); }
      if (status) { status.textContent = buttons[index].textContent; }
      if (focus) { buttons[index].focus(); }
    }
    buttons.forEach(function (b, i) {
      b.addEventListener("click", function () { show(i, false); });
      b.addEventListener("keydown", function (e) {
        var next = null;
        if (e.key === "ArrowRight") { next = (i + 1) % buttons.length; }
        if (e.key === "ArrowLeft") { next = (i - 1 + buttons.length) % buttons.length; }
        if (e.key === "Home") { next = 0; }
        if (e.key === "End") { next = buttons.length - 1; }
        if (next !== null) { e.preventDefault(); show(next, true); }
      });
    });
    if (slider) {
      slider.addEventListener("input", function () { show(Number(slider.value), false); });
    }
    show(0, false);
  }

  function setupSearch(input) {
    var items = Array.prototype.slice.call(document.querySelectorAll(input.getAttribute("data-filter")));
    var count = document.getElementById(input.getAttribute("aria-describedby"));
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (li) {
        var hit = q === "" || li.getAttribute("data-search").indexOf(q) !== -1;
        li.hidden = !hit;
        if (hit) { shown += 1; }
      });
      if (count) { count.textContent = shown + " of " + items.length + " organisations"; }
    });
  }

  document.querySelectorAll("[data-timeline]").forEach(setupTimeline);
  document.querySelectorAll("input[data-filter]").forEach(setupSearch);
})();
