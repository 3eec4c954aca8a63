// councils report: the network in motion (docs/report.md, "The network in
// motion"). The diagram holds every period's elements; each element says
// in which periods it is drawn (data-periods), and each way it is drawn
// (g.mv-look) in which periods it is drawn that way. Showing a period
// turns the other looks off (a fade, see style.css) and marks the elements
// it lacks `is-absent` (the search of app.js skips them).
(function () {
  "use strict";

  function setupMovie(root) {
    var frames = Array.prototype.slice.call(root.querySelectorAll("li[data-frame]"));
    var svg = root.querySelector("figure svg");
    if (!frames.length || !svg) { return; }
    var ids = frames.map(function (li) { return li.getAttribute("data-frame"); });
    function periodsOf(el) { return (el.getAttribute("data-periods") || "").split(" "); }
    var looks = Array.prototype.slice.call(svg.querySelectorAll("g.mv-look[data-periods]"))
      .map(function (g) { return { g: g, periods: periodsOf(g) }; });
    var elements = Array.prototype.slice.call(svg.querySelectorAll("g[id][data-periods]"))
      .map(function (g) { return { g: g, periods: periodsOf(g) }; });
    var slider = root.querySelector("input[type=range]");
    var play = root.querySelector("[data-movie-play]");
    var speed = root.querySelector("select");
    var label = root.querySelector("[data-movie-label]");
    var dates = root.querySelector("[data-movie-dates]");
    var size = root.querySelector("[data-movie-size]");
    var count = root.querySelector("[data-movie-count]");
    var current = 0;
    var timer = null;

    function show(index) {
      current = Math.max(0, Math.min(frames.length - 1, index));
      var id = ids[current];
      looks.forEach(function (l) { l.g.classList.toggle("is-off", l.periods.indexOf(id) === -1); });
      elements.forEach(function (e) { e.g.classList.toggle("is-absent", e.periods.indexOf(id) === -1); });
      var li = frames[current];
      frames.forEach(function (f, i) {
        if (i === current) { f.setAttribute("aria-current", "step"); } else { f.removeAttribute("aria-current"); }
      });
      label.textContent = li.getAttribute("data-label");
      dates.textContent = li.getAttribute("data-dates");
      size.textContent = li.getAttribute("data-size");
      count.textContent = "period " + (current + 1) + " of " + frames.length;
      slider.value = String(current);
      slider.setAttribute("aria-valuetext", li.getAttribute("data-label") + " (" + li.getAttribute("data-dates") + ")");
      root.setAttribute("data-frame", id);
    }
    function pause() {
      if (timer !== null) { clearInterval(timer); timer = null; }
      play.textContent = "Play";
      play.setAttribute("aria-pressed", "false");
    }
    function start() {
      // From the last period, play starts again from the first.
      if (current === frames.length - 1) { show(0); }
      play.textContent = "Pause";
      play.setAttribute("aria-pressed", "true");
      timer = setInterval(function () {
        if (current >= frames.length - 1) { pause(); return; }
        show(current + 1);
        if (current === frames.length - 1) { pause(); }
      }, Number(speed.value) || 2000);
    }
    function toggle() { if (timer === null) { start(); } else { pause(); } }
    function step(by) { pause(); show(current + by); }

    play.addEventListener("click", toggle);
    root.querySelectorAll("[data-movie-step]").forEach(function (b) {
      b.addEventListener("click", function () { step(b.getAttribute("data-movie-step") === "next" ? 1 : -1); });
    });
    root.querySelectorAll("[data-movie-frame]").forEach(function (b) {
      b.addEventListener("click", function () { pause(); show(Number(b.getAttribute("data-movie-frame"))); });
    });
    slider.addEventListener("input", function () { pause(); show(Number(slider.value)); });
    speed.addEventListener("change", function () { if (timer !== null) { pause(); start(); } });
    root.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t.tagName === "INPUT" && t.type !== "range" || t.tagName === "SELECT" || t.tagName === "TEXTAREA";
      if (typing || e.altKey || e.ctrlKey || e.metaKey) { return; }
      var handled = true;
      if (e.key === "PageDown" || e.key === ".") { step(1); }
      else if (e.key === "PageUp" || e.key === ",") { step(-1); }
      else if (e.key === "Home" && t.type !== "range") { pause(); show(0); }
      else if (e.key === "End" && t.type !== "range") { pause(); show(frames.length - 1); }
      else if ((e.key === " " || e.key === "k") && t.tagName !== "BUTTON") { toggle(); }
      else { handled = false; }
      if (handled) { e.preventDefault(); }
    });
    show(0);
  }

  document.querySelectorAll("[data-movie]").forEach(setupMovie);
})();
