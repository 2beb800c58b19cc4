// A customer's citation opens in the widget: a page on the server's origin (as a customer's
// signed-in app would embed it) carries the widget with a customer key, a question about a
// customer-only page is asked, its first source is clicked, and the reader's article, the
// section the citation points at and any new tab are printed. Then "Back to chat".
// Usage: node widget-reader.mjs BASE_URL KEY QUESTION [OUT_DIR for reader.png]
//   (prints {"article": "...", "target": "...", "opened": [...], "log_after_back": bool, ...})
import { launch } from "./launch.mjs";

const [base, key, question, outDir] = process.argv.slice(2);
const browser = await launch();
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.addInitScript(() => {
    window.__opened = [];
    window.open = (u) => { window.__opened.push(String(u)); return null; };
  });
  const html = `<!doctype html><html><head><title>App</title></head><body><h1>Our app</h1>` +
    `<script src="${base}/widget.js" data-key="${key}" defer></script></body></html>`;
  await page.route(`${base}/app`, (route) => route.fulfill({
    status: 200, headers: { "content-type": "text/html" }, body: html }));
  await page.goto(`${base}/app`);
  await page.click("#docent-widget .launcher");
  await page.fill("#docent-widget input", question);
  await page.press("#docent-widget input", "Enter");
  const source = page.locator("#docent-widget .sources a").first();
  await source.waitFor({ timeout: 30000 });
  result.source_href = await source.getAttribute("href");
  const popups = [];
  page.context().on("page", (p) => popups.push(p.url()));
  await source.click();
  await page.locator("#docent-widget .reader .doc h1").waitFor({ timeout: 10000 });
  result.article = await page.locator("#docent-widget .reader .doc h1").innerText();
  result.log_hidden = await page.locator("#docent-widget .log").isHidden();
  const target = page.locator("#docent-widget .reader .doc .target");
  result.target = (await target.count()) ? await target.first().innerText() : null;
  result.target_visible = (await target.count()) ? await target.first().isVisible() : false;
  result.page_link_shown = await page.locator("#docent-widget .rbar .page").isVisible();
  await page.waitForTimeout(300);
  if (outDir) await page.screenshot({ path: `${outDir}/reader.png` });
  result.opened = await page.evaluate(() => window.__opened);
  result.popups = popups;
  await page.click("#docent-widget .back");
  result.log_after_back = await page.locator("#docent-widget .log").isVisible();
  result.console_errors = consoleErrors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
