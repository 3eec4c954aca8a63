// Loads a councils report in headless Chromium and checks it as a person
// would: no console errors, the period controls change the diagram shown,
// the keyboard moves through periods, the renewal diagram is legible at
// 1,280 px and can be searched, zoomed, panned and clicked through, the
// search filters the index, an organisation page opens, nothing is fetched
// from the network; an organisation page shows its ego diagrams in each
// period. Saves a screenshot.
//
// Usage: node check.mjs REPORT_DIR SCREENSHOT.png
// Chromium: $CHROMIUM or /usr/bin/chromium (Debian's package).
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [reportDir, screenshot] = process.argv.slice(2);
if (!reportDir || !screenshot) {
  console.error("usage: node check.mjs REPORT_DIR SCREENSHOT.png");
  process.exit(2);
}

const results = [];
function check(name, ok, detail = "") {
  results.push({ name, ok });
  console.log(`${ok ? "ok" : "FAILED"} - ${name}${detail ? ": " + detail : ""}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  const remote = [];
  page.on("request", (r) => { if (!r.url().startsWith("file:")) remote.push(r.url()); });

  await page.goto(pathToFileURL(path.join(reportDir, "index.html")).href);
  await page.waitForLoadState("load");

  const tabs = page.locator("[role=tab]");
  const count = await tabs.count();
  check("the timeline has a control per period", count >= 2, `${count} tabs`);

  const visiblePanels = async () =>
    page.locator("[role=tabpanel]").evaluateAll((ps) => ps.filter((p) => !p.hidden).map((p) => p.id));
  const before = await visiblePanels();
  check("one period is shown at first", before.length === 1, before.join(","));

  await tabs.nth(1).click();
  const afterClick = await visiblePanels();
  check("clicking a period shows its diagram", afterClick.length === 1 && afterClick[0] !== before[0], afterClick.join(","));
  const hasSvg = await page.locator(`#${afterClick[0]} figure svg, #${afterClick[0]} figure pre`).count();
  check("the period shows a diagram", hasSvg > 0);

  await tabs.nth(1).focus();
  await page.keyboard.press("ArrowRight");
  const afterKey = await visiblePanels();
  const expected = count > 2 ? 2 : 0;
  const expectedId = await page.locator("[role=tabpanel]").nth(expected).getAttribute("id");
  check("the arrow key moves to the next period", afterKey[0] === expectedId, afterKey.join(","));

  await page.locator("#period-slider").fill("0");
  await page.locator("#period-slider").dispatchEvent("input");
  const afterSlider = await visiblePanels();
  check("the slider moves back to the first period", afterSlider[0] === before[0], afterSlider.join(","));

  // The renewal period's diagram, explored as docs/report.md says.
  await page.locator("#tab-renewal").click();
  const fig = page.locator("#panel-renewal figure.diagram");
  const viewport = fig.locator(".diagram-viewport");
  const labels = await fig.locator("svg").evaluate((svg) => {
    let em = Infinity, glyphs = Infinity, count = 0;
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim()) continue;
      count += 1;
      em = Math.min(em, parseFloat(t.getAttribute("font-size")) * t.getScreenCTM().a);
      glyphs = Math.min(glyphs, t.getBoundingClientRect().height);
    }
    return { em, glyphs, count };
  });
  check("the renewal diagram's text is at least 9 px high at 1,280 px", labels.count > 100 && labels.em >= 9 && labels.glyphs >= 9,
    `smallest of ${labels.count} texts: font ${labels.em.toFixed(2)} px, glyph box ${labels.glyphs.toFixed(2)} px`);

  const zoom = async () => Number(await viewport.getAttribute("data-zoom"));
  const viewBox = async () => fig.locator("svg").getAttribute("viewBox");
  // Where an element of the diagram is: inside the frame, or not.
  const inFrame = (selector) => page.evaluate((sel) => {
    const v = document.querySelector("#panel-renewal .diagram-viewport").getBoundingClientRect();
    const r = document.querySelector(`#panel-renewal ${sel}`).getBoundingClientRect();
    return r.left >= v.left - 1 && r.right <= v.right + 1 && r.top >= v.top - 1 && r.bottom <= v.bottom + 1;
  }, selector);
  const soviet = "g#org-petrograd-soviet";

  const opening = await viewBox();
  await viewport.focus();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Shift+ArrowLeft");
    await page.keyboard.press("Shift+ArrowUp");
  }
  const panned = await viewBox();
  const awayBefore = !(await inFrame(soviet));
  check("the arrow keys move the diagram", panned !== opening && awayBefore, `${opening} → ${panned}`);

  await fig.locator("input[type=search]").fill("petrograd-soviet");
  const highlighted = await fig.locator(soviet).evaluate((g) => g.classList.contains("is-found"));
  const shownAfter = await inFrame(soviet);
  const told = await fig.locator(".diagram-found").textContent();
  check("searching petrograd-soviet highlights it and brings it into view",
    awayBefore && highlighted && shownAfter && told.includes("(petrograd-soviet)"), told);

  const z0 = await zoom();
  await fig.locator("button[data-zoom-step=in]").click();
  const z1 = await zoom();
  await fig.locator("button[data-zoom-step=out]").click();
  const z2 = await zoom();
  check("the + and − buttons zoom in and out", z1 > z0 && Math.abs(z2 - z0) < 1e-5, `${z0} → ${z1} → ${z2}`);

  const box = await viewport.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 400);
  const z3 = await zoom();
  await page.mouse.wheel(0, -800);
  const z4 = await zoom();
  check("the mouse wheel zooms out and in", z3 < z2 && z4 > z3, `${z2} → ${z3} → ${z4}`);

  // Two fingers moving apart zoom in (synthetic pointer events: Chromium
  // headless has no multi-touch input).
  const z4a = await zoom();
  await viewport.evaluate((v) => {
    const r = v.getBoundingClientRect();
    const [cx, cy] = [r.left + r.width / 2, r.top + r.height / 2];
    const send = (type, pointerId, dx) => v.dispatchEvent(new PointerEvent(type, {
      pointerId, pointerType: "touch", isPrimary: pointerId === 11, button: type === "pointermove" ? -1 : 0,
      clientX: cx + dx, clientY: cy, bubbles: true,
    }));
    send("pointerdown", 11, -50);
    send("pointerdown", 12, 50);
    send("pointermove", 12, 80);
    send("pointermove", 11, -80);
    send("pointerup", 11, -80);
    send("pointerup", 12, 80);
  });
  const z4b = await zoom();
  check("two fingers moving apart zoom in", Math.abs(z4b / z4a - 1.6) < 1e-3, `${z4a} → ${z4b}`);

  await viewport.focus();
  await page.keyboard.press("+");
  const z5 = await zoom();
  await page.keyboard.press("0");
  const z6 = await zoom();
  const whole = await inFrame("svg g.graph");
  check("+ zooms in and 0 fits the whole diagram", z5 > z4b && z6 < z5 && whole, `${z4b} → ${z5} → ${z6}`);

  await fig.locator("button[data-zoom-step=readable]").click();
  await fig.locator("input[type=search]").fill("petrograd-soviet");
  await fig.locator(soviet).hover();
  const related = await fig.locator("svg").evaluate((svg) => {
    const titles = (sel) => [...svg.querySelectorAll(sel)].map((g) => g.querySelector("title").textContent);
    const touching = titles("g.edge").filter((t) => t.split("->").includes("petrograd-soviet"));
    const lit = titles("g.edge.is-related");
    return { lit, touching, relating: svg.classList.contains("is-relating") };
  });
  check("pointing at the Petrograd Soviet highlights exactly its relations",
    related.relating && related.lit.length > 0 && related.lit.join() === related.touching.join(),
    `${related.lit.length} of ${related.touching.length} relations`);

  await fig.locator(soviet).click();
  await page.waitForLoadState("load");
  const opened = page.url();
  const sovietHeading = await page.locator("main h2").first().textContent();
  check("clicking the node opens the organisation's page", opened.endsWith("/org/petrograd-soviet.html") && sovietHeading.includes("Petrograd Soviet"), `${opened}: ${sovietHeading}`);
  await page.goBack();
  await page.waitForLoadState("load");

  // Printed, every period's diagram is whole (hidden periods included).
  await page.emulateMedia({ media: "print" });
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  await page.waitForTimeout(100);
  const printed = await page.evaluate(() => [...document.querySelectorAll("figure.diagram svg")].map((svg) => {
    const full = svg.querySelector(":scope > g.graph > polygon").getBoundingClientRect();
    const frame = svg.getBoundingClientRect();
    return full.width <= frame.width + 1 && full.height <= frame.height + 1 && full.width >= frame.width - 2;
  }));
  check("printed, every diagram is whole", printed.length >= 6 && printed.every(Boolean), printed.join(","));
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await page.emulateMedia({ media: "screen" });

  const search = page.locator("#org-search");
  const total = await page.locator(".org-index li").count();
  await search.fill("petrograd");
  const shown = await page.locator(".org-index li:not([hidden])").count();
  check("the search filters the organisations", shown > 0 && shown < total, `${shown} of ${total}`);
  await search.fill("");

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: false });

  const first = page.locator(".org-index li a").first();
  const href = await first.getAttribute("href");
  await first.click();
  await page.waitForLoadState("load");
  const heading = await page.locator("main h2").first().textContent();
  check("an organisation page opens", Boolean(heading && heading.trim().length), `${href}: ${heading}`);

  // ---- movie: the network in motion (movie.html; issue 14.3, 14.5) ----
  // Each frame shows exactly the organisations of that period's snapshot
  // (counted as `councils snapshot --period ID --format json` counts
  // them), the slider, the keys and Play move through the periods, the
  // current period's label and dates are shown, the text is legible.
  {
    const bin = process.env.COUNCILS_BIN;
    const counts = {};
    if (bin) {
      const { execFileSync } = await import("node:child_process");
      const periods = execFileSync(bin, ["periods", "--format", "json"], { encoding: "utf8" });
      for (const p of JSON.parse(periods)) {
        const id = p.id;
        const snap = JSON.parse(execFileSync(bin, ["snapshot", "--period", id, "--format", "json"], { encoding: "utf8" }));
        counts[id] = snap.organisations.length;
      }
    }
    check("movie: the snapshots are counted with COUNCILS_BIN", Object.keys(counts).length >= 2, JSON.stringify(counts));

    await page.goto(pathToFileURL(path.join(reportDir, "movie.html")).href);
    await page.waitForLoadState("load");
    const movie = page.locator("[data-movie]");
    const frames = await page.locator("li[data-frame]").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-frame")));
    check("movie: the page lists every period in order", frames.join() === Object.keys(counts).join(), frames.join());

    // Organisations drawn and visible: a shape not inside a look turned off.
    const visible = () => page.evaluate(() => {
      const shown = [];
      for (const g of document.querySelectorAll("figure.movie-figure svg g.node.organisation")) {
        const on = [...g.querySelectorAll("polygon, ellipse, path, polyline")].some((shape) => {
          for (let el = shape; el && el !== g; el = el.parentElement) {
            const style = getComputedStyle(el);
            if (style.visibility !== "visible" || Number(style.opacity) < 0.99) { return false; }
          }
          return true;
        });
        if (on) { shown.push(g.id); }
      }
      return shown.length;
    });
    const settle = () => page.waitForTimeout(700);
    const slider = page.locator("#movie-slider");
    const seen = [];
    for (let i = frames.length - 1; i >= 0; i--) {
      await slider.fill(String(i));
      await slider.dispatchEvent("input");
      await settle();
      const n = await visible();
      const shownId = await movie.getAttribute("data-frame");
      const label = await page.locator("[data-movie-label]").textContent();
      const dates = await page.locator("[data-movie-dates]").textContent();
      const li = page.locator(`li[data-frame="${frames[i]}"]`);
      const ok = shownId === frames[i] && n === counts[frames[i]]
        && label === await li.getAttribute("data-label") && dates === await li.getAttribute("data-dates") && dates.length > 10;
      seen.push(`${frames[i]}: ${n} of ${counts[frames[i]]}${ok ? "" : " ✗ " + shownId + " " + label + " " + dates}`);
    }
    check("movie: the slider shows each period with exactly its snapshot's organisations, its label and dates",
      seen.length === frames.length && seen.every((s) => !s.includes("✗")), seen.join("; "));

    const labels = await page.locator("figure.movie-figure svg").evaluate((svg) => {
      let em = Infinity, count = 0;
      for (const t of svg.querySelectorAll("text")) {
        if (!t.textContent.trim() || !t.getClientRects().length) { continue; }
        count += 1;
        em = Math.min(em, parseFloat(t.getAttribute("font-size")) * t.getScreenCTM().a);
      }
      return { em, count };
    });
    check("movie: the text is at least 9 px high at 1,280 px", labels.count > 100 && labels.em >= 9,
      `smallest of ${labels.count} texts: ${labels.em.toFixed(2)} px`);

    await page.locator(".movie-figure .diagram-viewport").focus();
    await page.keyboard.press("PageDown");
    const afterKey = await movie.getAttribute("data-frame");
    await page.keyboard.press("End");
    const atEnd = await movie.getAttribute("data-frame");
    await page.keyboard.press("Home");
    const atStart = await movie.getAttribute("data-frame");
    check("movie: Page Down, End and Home step through the periods",
      afterKey === frames[1] && atEnd === frames[frames.length - 1] && atStart === frames[0], `${afterKey}, ${atEnd}, ${atStart}`);

    await page.locator("#movie-speed").selectOption("1000");
    await page.locator("[data-movie-play]").click();
    const playing = await page.locator("[data-movie-play]").getAttribute("aria-pressed");
    await page.waitForTimeout(2300);
    const played = await movie.getAttribute("data-frame");
    await page.locator("[data-movie-play]").click();
    const paused = await movie.getAttribute("data-frame");
    await page.waitForTimeout(1300);
    const still = await movie.getAttribute("data-frame");
    check("movie: Play advances the periods and Pause stops them",
      playing === "true" && frames.indexOf(played) >= 2 && still === paused, `${frames[0]} → ${played}, paused at ${paused}, then ${still}`);

    await page.locator(".movie-figure input[type=search]").fill("petrograd-soviet");
    const found = await page.locator(".movie-figure .diagram-found").textContent();
    check("movie: the search finds the Petrograd Soviet", found.includes("(petrograd-soviet)"), found);

    // The self-playing SVG beside the page, its CSS animations paused and
    // sought to the middle of each period's share.
    await page.goto(pathToFileURL(path.join(reportDir, "diagrams/movie.svg")).href);
    await page.waitForLoadState("load");
    const selfPlayed = await page.evaluate((n) => {
      const anims = document.getAnimations();
      if (!anims.length) { return []; }
      const duration = anims[0].effect.getComputedTiming().duration;
      const shown = [];
      for (let i = 0; i < n; i++) {
        anims.forEach((a) => { a.pause(); a.currentTime = (i + 0.5) * duration / n; });
        let count = 0;
        for (const g of document.querySelectorAll("g.node.organisation")) {
          const looks = g.querySelectorAll(":scope > g.mv-look");
          if (!looks.length || [...looks].some((l) => Number(getComputedStyle(l).opacity) > 0.99)) { count += 1; }
        }
        shown.push(count);
      }
      return shown;
    }, frames.length);
    const wanted = frames.map((f) => counts[f]);
    check("movie: the self-playing SVG shows each period's organisations in turn",
      selfPlayed.join() === wanted.join(), `${selfPlayed.join(", ")} (snapshots: ${wanted.join(", ")})`);
  }
  // ---- end movie ----
  // ---- Ego diagrams (issue 14.2, owner: ego) --------------------------
  // The Petrograd Soviet's page shows its neighbourhood in each period:
  // legible at 1,280 px, opened on the organisation, every organisation at
  // the same place in every period, the legend clear of the drawing, and
  // two relations away on demand.
  await page.goto(pathToFileURL(path.join(reportDir, "org", "petrograd-soviet.html")).href);
  await page.waitForLoadState("load");
  const near = page.locator(".ego-periods").first();
  const egoTabs = near.locator("[role=tab]");
  const egoCount = await egoTabs.count();
  const ego = [];
  for (let i = 0; i < egoCount; i++) {
    await egoTabs.nth(i).click();
    const frame = near.locator("[role=tabpanel]:not([hidden]) .diagram-viewport");
    ego.push(await frame.evaluate((v) => {
      const svg = v.querySelector("svg");
      let em = Infinity;
      for (const t of svg.querySelectorAll("text")) {
        if (t.textContent.trim()) { em = Math.min(em, parseFloat(t.getAttribute("font-size")) * t.getScreenCTM().a); }
      }
      const places = {};
      for (const g of svg.querySelectorAll("g.node.organisation")) {
        const b = g.getBBox();
        places[g.id] = `${b.x.toFixed(2)},${b.y.toFixed(2)}`;
      }
      const inside = (r, o) => r.left >= o.left - 1 && r.right <= o.right + 1 && r.top >= o.top - 1 && r.bottom <= o.bottom + 1;
      const focus = svg.querySelector("g.node.focus");
      const legend = svg.querySelector("g#legend").getBBox();
      const clear = [...svg.querySelectorAll("g.node.organisation, g.edge.relation")].every((g) => {
        const b = g.getBBox();
        return b.x > legend.x + legend.width || b.x + b.width < legend.x || b.y > legend.y + legend.height || b.y + b.height < legend.y;
      });
      return { em, places, clear, focus: focus.id, inView: inside(focus.getBoundingClientRect(), v.getBoundingClientRect()) };
    }));
  }
  check("the Petrograd Soviet's page has its ego diagram in each of the 5 periods, opened on it",
    egoCount === 5 && ego.length === 5 && ego.every((e) => e.focus === "org-petrograd-soviet" && e.inView),
    ego.map((e) => `${e.focus}${e.inView ? "" : " (out of view)"}`).join(","));
  const egoEm = Math.min(...ego.map((e) => e.em));
  check("the ego diagrams' text is at least 9 px high at 1,280 px", egoEm >= 9, `smallest font ${egoEm.toFixed(2)} px`);
  const moved = [];
  for (const e of ego.slice(1)) {
    for (const [id, at] of Object.entries(e.places)) {
      const first = ego.find((f) => f.places[id]);
      if (first.places[id] !== at) { moved.push(id); }
    }
  }
  check("each organisation keeps its place in every period's ego diagram, clear of the legend",
    moved.length === 0 && ego.every((e) => e.clear), `moved: ${moved.join(",")}; clear: ${ego.map((e) => e.clear).join(",")}`);
  await page.locator("details.ego-more > summary").click();
  const far = await page.locator(".ego-periods").nth(1).locator("[role=tabpanel]:not([hidden]) .diagram-viewport").evaluate((v) => ({
    zoom: Number(v.getAttribute("data-zoom")),
    nodes: v.querySelectorAll("g.node.organisation").length,
  }));
  check("two relations away opens on demand, with more organisations", far.zoom > 0 && far.nodes > Object.keys(ego[0].places).length,
    `${far.nodes} organisations at zoom ${far.zoom}`);
  // ---- end of the ego diagram checks -----------------------------------

  check("no console errors", errors.length === 0, errors.join(" | "));
  check("nothing is fetched from the network", remote.length === 0, remote.join(" "));
} finally {
  await browser.close();
}

const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
