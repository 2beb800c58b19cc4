// The widget must never turn a reply's link into a script: /demo is opened in headless
// Chromium, /v1/ask is answered by this script (as a compromised or old server could answer)
// with citations and related articles whose links use javascript:, data: and split-scheme
// tricks, and every href the widget rendered is printed with the count of dialogs that opened.
// The hand-off button opens an email link (the default handoff_url) and never a script.
// Usage: node widget-links.mjs BASE_URL   (prints {"hrefs": [...], "alerts": N, "opened": [...]})
import { launch } from "./launch.mjs";

const [base] = process.argv.slice(2);
const browser = await launch();
const bad = ["javascript:alert(1)", "JaVaScRiPt:alert(2)", "java\tscript:alert(3)",
             " javascript:alert(4)", "data:text/html,<script>alert(5)</script>", "vbscript:x"];
const good = "https://docs.example.com/export#excel";
const citation = (n, link) => ({ n, chunk_id: `c${n}`, doc_id: `d${n}`, title: `Doc ${n}`,
  heading_path: [`Doc ${n}`], link, quote: "q", start: 0, end: 1 });
const cites = [citation(1, good), ...bad.map((l, i) => citation(i + 2, l))];
// Part 1 holds a Markdown link whose URL has parentheses: the widget shows its text only.
const parts = cites.map((c) => ({ part: { kind: "text", citation: c.n,
  text: c.n === 1 ? "Part 1. Keep it in [the vault](https://x.example/a_(b)) today." : `Part ${c.n}.` },
  citation: c }));
const done = { conversation_id: "0123456789abcdef0123456789abcdef", turn_id: 1, question: "q",
  resolved_question: "q", answered: true, confidence: 0.9, text: "t", parts: parts.map((p) => p.part),
  citations: cites, related: cites.map((c) => ({ doc_id: c.doc_id, title: c.title, link: c.link })),
  actions: [{ type: "handoff", label: "Talk to a person", url: "mailto:support@example.com?subject=Help" }],
  composer: "extractive", latency_ms: 1 };
// A part streamed by a model that then failed: the final answer (`done`) does not hold it.
const dropped = { part: { kind: "text", text: "Half an answer from a failed model.", citation: 1 },
  citation: cites[0] };
const sse = [dropped, ...parts].map((p) => `event: part\ndata: ${JSON.stringify(p)}\n\n`).join("") +
  `event: done\ndata: ${JSON.stringify(done)}\n\n`;
// The hand-off answers an email link first (the default handoff_url), then a script.
const handoffs = ["mailto:support@example.com?subject=Help", "javascript:alert(8)"];
const result = { alerts: 0 };
try {
  const context = await browser.newContext();
  const watch = (p) => p.on("dialog", async (d) => { result.alerts += 1; await d.dismiss(); });
  context.on("page", watch);
  const page = await context.newPage();
  // Every URL the widget asks the browser to open, recorded instead of opened.
  await page.addInitScript(() => {
    window.__opened = [];
    window.open = (u) => { window.__opened.push(String(u)); return null; };
  });
  await page.route("**/v1/ask", (route) => route.fulfill({
    status: 200, headers: { "content-type": "text/event-stream" }, body: sse }));
  let handoff = 0;
  await page.route("**/v1/handoff", (route) => route.fulfill({
    status: 200, headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: handoffs[Math.min(handoff++, handoffs.length - 1)] }) }));
  await page.goto(`${base}/demo`);
  await page.click("#docent-widget .launcher");
  await page.fill("#docent-widget input", "anything");
  await page.press("#docent-widget input", "Enter");
  await page.locator("#docent-widget .sources a").first().waitFor({ timeout: 20000 });
  result.hrefs = await page.locator("#docent-widget .msg.bot a").evaluateAll(
    (as) => as.map((a) => a.getAttribute("href")));
  // Click every link: none may run script.
  for (const a of await page.locator("#docent-widget .msg.bot a").all()) {
    await a.click({ modifiers: [], trial: false, timeout: 2000 }).catch(() => {});
  }
  await page.waitForTimeout(300);
  const button = page.locator("#docent-widget button.handoff").first();
  for (let i = 0; i < handoffs.length; i++) {
    await button.click({ timeout: 2000 });
    await page.waitForTimeout(300);
  }
  result.opened = await page.evaluate(() => window.__opened);
  result.answer = await page.locator("#docent-widget .msg.bot .answer").first().innerText();
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
