import { chromium } from "playwright-core";
const [url, out, vb] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(url);
await page.evaluate((vb) => { const s = document.documentElement; s.setAttribute("viewBox", vb); s.setAttribute("width", "1600"); s.setAttribute("height", "1000"); }, vb);
await page.screenshot({ path: out });
await browser.close();
