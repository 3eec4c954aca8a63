// Screenshots of a councils report at 1,280 px, as a person sees it: the
// front page, the renewal period's diagram with the Petrograd Soviet
// found, the Petrograd Soviet's page, and the animation at the renewal.
// Run by scripts/screenshots.sh, which writes them into docs/img.
//
// Usage: node screenshots.mjs REPORT_DIR OUT_DIR
// Chromium: $CHROMIUM or /usr/bin/chromium (Debian's package).
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [reportDir, outDir] = process.argv.slice(2);
if (!reportDir || !outDir) {
  console.error("usage: node screenshots.mjs REPORT_DIR OUT_DIR");
  process.exit(2);
}
const url = (file) => pathToFileURL(path.join(reportDir, file)).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) { throw new Error(`the report fetched ${r.url()}`); }
  });
  const shot = async (name) => {
    // The pointer off the page: no hover highlight in the picture.
    await page.mouse.move(0, 0);
    const file = path.join(outDir, name);
    await page.screenshot({ path: file });
    console.log(file);
  };

  await page.goto(url("index.html"));
  await shot("report-index.png");

  await page.locator("#tab-renewal").click();
  await page.locator("#panel-renewal figure.diagram input[type=search]").fill("petrograd-soviet");
  await page.evaluate(() => document.querySelector("#panel-renewal h3").scrollIntoView());
  await shot("report-period.png");

  await page.goto(url("org/petrograd-soviet.html"));
  await shot("report-organisation.png");
  // Its neighbourhood, where the page draws one (issue 14.2).
  const ego = page.locator("figure.diagram").first();
  if (await ego.count()) {
    await ego.evaluate((f) => f.scrollIntoView());
    await shot("report-ego.png");
  }

  await page.goto(url("movie.html"));
  await page.locator("button[data-movie-frame='3']").click();
  await page.locator(".movie-figure input[type=search]").fill("petrograd-soviet");
  await page.waitForTimeout(800);
  await page.evaluate(() => document.querySelector(".movie-controls").scrollIntoView());
  await shot("report-animation.png");
} finally {
  await browser.close();
}
