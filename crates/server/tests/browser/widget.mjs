// Drives the widget on /demo in headless Chromium: ask, wait for the streamed answer with a
// citation link, click thumbs-up, save a screenshot. Prints a JSON summary on stdout.
// Usage: node widget.mjs BASE_URL QUESTION OUT_DIR
import { launch } from "./launch.mjs";

const [base, question, outDir] = process.argv.slice(2);
const browser = await launch();
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(`${base}/demo`);
  // Playwright's CSS selectors pierce open shadow roots.
  await page.click("#docent-widget .launcher");
  await page.fill("#docent-widget input", question);
  // Keyboard: Enter submits.
  await page.press("#docent-widget input", "Enter");
  const cite = page.locator("#docent-widget .answer sup a").first();
  await cite.waitFor({ timeout: 30000 });
  result.citation_href = await cite.getAttribute("href");
  const up = page.locator("#docent-widget button.up");
  await up.waitFor({ timeout: 30000 });
  result.answer_text = await page.locator("#docent-widget .msg.bot .answer").last().innerText();
  result.sources = await page.locator("#docent-widget .sources a").allInnerTexts();
  result.handoff = await page.locator("#docent-widget button.handoff").count();
  await up.click();
  await page.locator("#docent-widget .thanks").waitFor({ timeout: 10000 });
  result.thanks = await page.locator("#docent-widget .thanks").innerText();
  result.pressed = await up.getAttribute("aria-pressed");
  await page.screenshot({ path: `${outDir}/widget.png` });
  result.console_errors = consoleErrors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
