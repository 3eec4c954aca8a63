// councils report: the period timeline, the organisation search, and the
// diagrams' pan, zoom and search (docs/report.md, "Exploring a diagram").
// Works from file:// with no network; without JavaScript every period is
// shown and each diagram is drawn at the width of the page.
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

  // ---- Diagrams: pan and zoom, search, relations on hover, pages on click.

  // The smallest text on screen at the opening view, in CSS pixels.
  var LEGIBLE_PX = 9;
  // Graphviz draws in points: one unit of the viewBox is 4/3 px at full size.
  var FULL_SIZE = 4 / 3;
  // One press of + or −, and one arrow press as a share of the view.
  var STEP = 1.25;
  var PAN = 0.15;

  function titleOf(g) {
    var t = g.querySelector(":scope > title");
    return t ? t.textContent : "";
  }

  // The organisation id of a node drawn with the id `org-ID`, `a.org-ID`
  // or `p1.org-ID` (src/render/dot/nodes.rs), or null.
  function orgIdOf(g) {
    var m = /^(?:[a-z]\.|p[0-9]+\.)?org-(.+)$/.exec(g.id);
    return m ? m[1] : null;
  }

  // The organisation's name: the first line of the node's tooltip (its name
  // and, where the data has it, its original name).
  function nameOf(g) {
    var a = g.querySelector("a");
    var tip = a ? (a.getAttribute("xlink:title") || a.getAttribute("title") || "") : "";
    return tip.split("\n")[0];
  }

  // Each organisation's page as linked from the index of organisations.
  function organisationPages() {
    var pages = {};
    document.querySelectorAll("li[data-org]").forEach(function (li) {
      var a = li.querySelector("a[href]");
      if (a) { pages[li.getAttribute("data-org")] = a.getAttribute("href"); }
    });
    return pages;
  }

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text) { el.textContent = text; }
    return el;
  }

  var diagramCount = 0;

  function setupDiagram(figure, pages) {
    var svg = figure.querySelector(":scope > svg");
    var box = svg && svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width || !box.height) { return; }
    var full = { x: box.x, y: box.y, w: box.width, h: box.height };
    var graph = svg.querySelector("g.graph");
    diagramCount += 1;
    var uid = "diagram-" + diagramCount;

    // The smallest text of the diagram sets the zoom at which it is legible.
    var smallest = Infinity;
    svg.querySelectorAll("text").forEach(function (t) {
      var size = parseFloat(t.getAttribute("font-size"));
      if (t.textContent.trim() && size > 0) { smallest = Math.min(smallest, size); }
    });
    if (!isFinite(smallest)) { smallest = 14; }
    var legibleZoom = Math.ceil(LEGIBLE_PX / smallest * 1e6) / 1e6;

    // Controls above the diagram, the diagram in a frame that clips it.
    var bar = element("div", { "class": "controls diagram-controls" });
    var search = element("input", {
      type: "search", id: uid + "-search", placeholder: "organisation name or id",
      "aria-describedby": uid + "-found", autocomplete: "off", spellcheck: "false",
    });
    bar.appendChild(element("label", { "for": uid + "-search" }, "Find: "));
    bar.appendChild(search);
    var zoomOut = element("button", { type: "button", "aria-label": "Zoom out", "data-zoom-step": "out" }, "−");
    var zoomIn = element("button", { type: "button", "aria-label": "Zoom in", "data-zoom-step": "in" }, "+");
    var fit = element("button", { type: "button", title: "Show the whole diagram (0)", "data-zoom-step": "fit" }, "Fit");
    var readable = element("button", { type: "button", title: "Labels at reading size", "data-zoom-step": "readable" }, "Readable");
    var readout = element("span", { "class": "muted", "aria-live": "off" });
    [zoomOut, zoomIn, fit, readable, readout].forEach(function (b) { bar.appendChild(b); });
    var found = element("p", { id: uid + "-found", "class": "muted diagram-found", "aria-live": "polite" },
      "Drag to move, wheel or + and − to zoom, 0 to fit; point at an organisation to see its relations, click it to open its page.");
    var viewport = element("div", {
      "class": "diagram-viewport", tabindex: "0", role: "group",
      "aria-label": "Diagram: arrow keys move, + and − zoom, 0 fits", "aria-describedby": uid + "-found",
    });
    figure.insertBefore(bar, svg);
    figure.insertBefore(found, svg);
    figure.insertBefore(viewport, svg);
    viewport.appendChild(svg);
    figure.classList.add("zoomable");
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");

    // The view: (x, y) the viewBox point at the frame's top left corner,
    // z the CSS pixels per viewBox unit.
    var view = null;
    var printing = false;
    function size() { return { w: viewport.clientWidth, h: viewport.clientHeight }; }
    function fitZoom() { var s = size(); return Math.min(s.w / full.w, s.h / full.h); }
    function limits() {
      var least = Math.min(fitZoom(), legibleZoom) / 2;
      return { min: least, max: Math.max(legibleZoom * 4, FULL_SIZE * 2) };
    }
    // Keeps the frame's centre on the diagram, and centres a diagram
    // smaller than the frame.
    function clampAxis(pos, extent, start, length, z) {
      var span = extent / z;
      if (length * z <= extent) { return start + length / 2 - span / 2; }
      return Math.min(Math.max(pos, start - span / 2), start + length - span / 2);
    }
    function apply() {
      var s = size();
      if (printing) {
        svg.setAttribute("viewBox", [full.x, full.y, full.w, full.h].join(" "));
        return;
      }
      if (!view || !s.w || !s.h) { return; }
      var l = limits();
      view.z = Math.min(Math.max(view.z, l.min), l.max);
      view.x = clampAxis(view.x, s.w, full.x, full.w, view.z);
      view.y = clampAxis(view.y, s.h, full.y, full.h, view.z);
      svg.setAttribute("viewBox", [view.x, view.y, s.w / view.z, s.h / view.z].join(" "));
      viewport.setAttribute("data-zoom", view.z.toFixed(6));
      readout.textContent = Math.round(view.z / FULL_SIZE * 100) + "% · labels " +
        (smallest * view.z).toFixed(1) + " px";
    }
    function centreOn(ux, uy, z) {
      var s = size();
      view = { x: ux - s.w / z / 2, y: uy - s.h / z / 2, z: z };
      apply();
    }
    function centre() {
      var s = size();
      return { x: view.x + s.w / view.z / 2, y: view.y + s.h / view.z / 2 };
    }
    function zoomAt(factor, px, py) {
      if (!view) { return; }
      var ux = view.x + px / view.z;
      var uy = view.y + py / view.z;
      var l = limits();
      var z = Math.min(Math.max(view.z * factor, l.min), l.max);
      view = { x: ux - px / z, y: uy - py / z, z: z };
      apply();
    }
    function zoomCentre(factor) { var s = size(); zoomAt(factor, s.w / 2, s.h / 2); }
    function pan(dx, dy) {
      if (!view) { return; }
      view.x += dx / view.z;
      view.y += dy / view.z;
      apply();
    }
    function showAll() { centreOn(full.x + full.w / 2, full.y + full.h / 2, fitZoom()); }
    // A node's bounding box in viewBox units.
    function bounds(g) {
      var b = g.getBBox();
      var m = graph && graph.transform.baseVal.consolidate();
      var mx = m ? m.matrix : { a: 1, d: 1, e: 0, f: 0 };
      return { x: b.x * mx.a + mx.e, y: b.y * mx.d + mx.f, w: b.width * mx.a, h: b.height * mx.d };
    }
    // Fit to width, unless that makes the text smaller than LEGIBLE_PX:
    // then the zoom at which it is LEGIBLE_PX, on the focus or the centre.
    function open() {
      var s = size();
      var z = Math.max(legibleZoom, Math.min(s.w / full.w, FULL_SIZE));
      if (full.h * z < s.h) {
        viewport.style.height = Math.ceil(full.h * z) + "px";
      }
      var focus = svg.querySelector("g.node.focus");
      if (focus) {
        var b = bounds(focus);
        centreOn(b.x + b.w / 2, b.y + b.h / 2, z);
      } else {
        centreOn(full.x + full.w / 2, full.y + full.h / 2, z);
      }
    }
    // Hidden periods have no size: each diagram opens when first shown,
    // and keeps its centre and zoom when the window is resized.
    var lastSize = null;
    new ResizeObserver(function () {
      var s = size();
      if (!s.w || !s.h) { return; }
      if (!view) { open(); } else if (lastSize) {
        var c = { x: view.x + lastSize.w / view.z / 2, y: view.y + lastSize.h / view.z / 2 };
        centreOn(c.x, c.y, view.z);
      }
      lastSize = s;
    }).observe(viewport);

    zoomIn.addEventListener("click", function () { zoomCentre(STEP); });
    zoomOut.addEventListener("click", function () { zoomCentre(1 / STEP); });
    fit.addEventListener("click", showAll);
    readable.addEventListener("click", function () { var c = centre(); centreOn(c.x, c.y, legibleZoom); });

    viewport.addEventListener("wheel", function (e) {
      e.preventDefault();
      var r = viewport.getBoundingClientRect();
      var unit = e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 1 : 0.002;
      zoomAt(Math.pow(2, -e.deltaY * unit), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });

    viewport.addEventListener("keydown", function (e) {
      var s = size();
      var step = (e.shiftKey ? 3 : 1) * PAN;
      var handled = true;
      if (e.key === "+" || e.key === "=") { zoomCentre(STEP); }
      else if (e.key === "-" || e.key === "_" || e.key === "−") { zoomCentre(1 / STEP); }
      else if (e.key === "0") { showAll(); }
      else if (e.key === "ArrowLeft") { pan(-s.w * step, 0); }
      else if (e.key === "ArrowRight") { pan(s.w * step, 0); }
      else if (e.key === "ArrowUp") { pan(0, -s.h * step); }
      else if (e.key === "ArrowDown") { pan(0, s.h * step); }
      else { handled = false; }
      if (handled) { e.preventDefault(); }
    });

    // Dragging moves the diagram; two fingers pinch to zoom; a click that
    // did not move opens a page.
    var drag = null;
    var dragged = false;
    var touches = {};
    var pinch = null;
    function touchList() { return Object.keys(touches).map(function (k) { return touches[k]; }); }
    function pinchState() {
      var t = touchList();
      var r = viewport.getBoundingClientRect();
      return {
        span: Math.max(1, Math.hypot(t[0].x - t[1].x, t[0].y - t[1].y)),
        x: (t[0].x + t[1].x) / 2 - r.left,
        y: (t[0].y + t[1].y) / 2 - r.top,
      };
    }
    viewport.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) { return; }
      touches[e.pointerId] = { x: e.clientX, y: e.clientY };
      if (touchList().length === 2) {
        drag = null;
        dragged = true;
        pinch = pinchState();
        return;
      }
      drag = { id: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
      dragged = false;
    });
    viewport.addEventListener("pointermove", function (e) {
      if (touches[e.pointerId]) { touches[e.pointerId] = { x: e.clientX, y: e.clientY }; }
      if (pinch && touchList().length === 2) {
        var next = pinchState();
        pan(pinch.x - next.x, pinch.y - next.y);
        zoomAt(next.span / pinch.span, next.x, next.y);
        pinch = next;
        return;
      }
      if (!drag || e.pointerId !== drag.id) { return; }
      var dx = e.clientX - drag.x;
      var dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      if (!drag.moved) {
        drag.moved = true;
        try { viewport.setPointerCapture(e.pointerId); } catch (ignored) { /* the pointer is gone */ }
        viewport.classList.add("is-dragging");
      }
      pan(-dx, -dy);
      drag.x = e.clientX;
      drag.y = e.clientY;
    });
    function endDrag(e) {
      delete touches[e.pointerId];
      if (touchList().length < 2) { pinch = null; }
      if (!drag || e.pointerId !== drag.id) { return; }
      dragged = drag.moved;
      drag = null;
      viewport.classList.remove("is-dragging");
    }
    viewport.addEventListener("pointerup", endDrag);
    viewport.addEventListener("pointercancel", endDrag);
    viewport.addEventListener("click", function (e) {
      if (dragged) { e.preventDefault(); e.stopPropagation(); dragged = false; }
    }, true);
    viewport.addEventListener("dragstart", function (e) { e.preventDefault(); });

    // The organisations drawn, their relations, and their pages.
    var nodes = [];
    var byTitle = {};
    svg.querySelectorAll("g.node.organisation").forEach(function (g) {
      var node = { g: g, id: orgIdOf(g), name: nameOf(g), title: titleOf(g), edges: [] };
      if (!node.id) { return; }
      nodes.push(node);
      byTitle[node.title] = node;
      var a = g.querySelector("a");
      var href = pages[node.id];
      if (a && href) {
        a.setAttribute("href", href);
        // The diagram is reached with the search box, not hundreds of tab stops.
        a.setAttribute("tabindex", "-1");
      }
    });
    svg.querySelectorAll("g.edge").forEach(function (g) {
      var t = titleOf(g);
      for (var i = t.indexOf("->"); i !== -1; i = t.indexOf("->", i + 1)) {
        var from = byTitle[t.slice(0, i)];
        var to = byTitle[t.slice(i + 2)];
        if (from && to) {
          from.edges.push({ g: g, other: to });
          if (to !== from) { to.edges.push({ g: g, other: from }); }
          break;
        }
      }
    });
    function relate(node, on) {
      svg.classList.toggle("is-relating", on);
      node.g.classList.toggle("is-related", on);
      node.edges.forEach(function (e) {
        e.g.classList.toggle("is-related", on);
        e.other.g.classList.toggle("is-related", on);
      });
    }
    nodes.forEach(function (node) {
      node.g.addEventListener("pointerenter", function () { if (!drag || !drag.moved) { relate(node, true); } });
      node.g.addEventListener("pointerleave", function () { relate(node, false); });
    });

    // Search: by name or id, case-insensitive; exact id first, then ids and
    // names that start with the text, then any that contain it.
    var matches = [];
    var current = -1;
    function mark(list, cls, on) { list.forEach(function (n) { n.g.classList.toggle(cls, on); }); }
    function say(text, node) {
      found.textContent = text;
      if (node && pages[node.id]) {
        found.appendChild(document.createTextNode(" "));
        found.appendChild(element("a", { href: pages[node.id] }, "Open its page"));
      }
    }
    function show(index) {
      if (current >= 0 && matches[current]) { matches[current].g.classList.remove("is-found"); }
      current = index;
      var node = matches[index];
      node.g.classList.add("is-found");
      var b = bounds(node.g);
      centreOn(b.x + b.w / 2, b.y + b.h / 2, Math.max(view ? view.z : legibleZoom, legibleZoom));
      say((index + 1) + " of " + matches.length + ": " + node.name + " (" + node.id + ").", node);
    }
    function find() {
      mark(matches, "is-match", false);
      mark(matches, "is-found", false);
      matches = [];
      current = -1;
      var q = search.value.trim().toLowerCase();
      if (!q) { say(""); return; }
      var ranked = [];
      nodes.forEach(function (n, order) {
        // In the animation (movie.js), only what the period shown draws.
        if (n.g.classList.contains("is-absent")) { return; }
        var id = n.id.toLowerCase();
        var name = n.name.toLowerCase();
        var rank = id === q ? 0 : id.indexOf(q) === 0 ? 1 : name.indexOf(q) === 0 ? 2
          : id.indexOf(q) !== -1 || name.indexOf(q) !== -1 ? 3 : -1;
        if (rank >= 0) { ranked.push({ n: n, rank: rank, order: order }); }
      });
      ranked.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
      matches = ranked.map(function (r) { return r.n; });
      if (!matches.length) { say("No organisation in this diagram matches “" + search.value.trim() + "”."); return; }
      mark(matches, "is-match", true);
      show(0);
    }
    search.addEventListener("input", find);
    search.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && matches.length) {
        e.preventDefault();
        show((current + (e.shiftKey ? matches.length - 1 : 1)) % matches.length);
      }
    });

    // Printed, the whole diagram (hidden periods too, which printing shows).
    window.addEventListener("beforeprint", function () { printing = true; apply(); });
    window.addEventListener("afterprint", function () { printing = false; apply(); });
  }

  document.querySelectorAll("[data-timeline]").forEach(setupTimeline);
  document.querySelectorAll("input[data-filter]").forEach(setupSearch);
  var pages = organisationPages();
  document.querySelectorAll("figure.diagram").forEach(function (f) { setupDiagram(f, pages); });
})();
