// Loads a councils report in headless Chromium and checks it as a person
// would: no console errors, the period controls change the diagram shown,
// the keyboard moves through periods, the search filters the index, an
// organisation page opens. Saves a screenshot.
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

  check("no console errors", errors.length === 0, errors.join(" | "));
  check("nothing is fetched from the network", remote.length === 0, remote.join(" "));
} finally {
  await browser.close();
}

const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
