// Firefox for the browser tests: puppeteer-core drives Debian's firefox-esr over
// WebDriver BiDi (no geckodriver, no download). tests/browsers.py starts this
// script and sends one JSON command a line on stdin; each answer is one JSON line
// on stdout: {"id": n, "value": ...} or {"id": n, "error": "..."}.
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const [executablePath = "/usr/bin/firefox-esr"] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  // a fresh profile that never calls home
  extraPrefsFirefox: {
    "app.update.enabled": false,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
  },
});
let context = browser.defaultBrowserContext();
let page = (await browser.pages())[0] ?? (await browser.newPage());

const operations = {
  // a fresh tab in a fresh context: no history, no storage of the last one
  async open({ width, height }) {
    await page.close();
    if (context !== browser.defaultBrowserContext()) await context.close();
    context = await browser.createBrowserContext();
    page = await context.newPage();
    await page.setViewport({ width, height });
  },
  goto: async ({ url }) => { await page.goto(url, { waitUntil: "load" }); },
  evaluate: ({ expression }) => page.evaluate(expression),
  click: async ({ selector }) => { await page.click(selector); },
  key: async ({ key }) => { await page.keyboard.press(key); },
  back: async () => { await page.goBack({ waitUntil: "load" }); },
  url: () => page.url(),
  screenshot: async ({ path, fullPage }) => { await page.screenshot({ path, fullPage }); },
};

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
send({ id: 0, value: await browser.version() });
for await (const line of createInterface({ input: process.stdin })) {
  const { id, op, ...args } = JSON.parse(line);
  try {
    const value = await operations[op](args);
    send({ id, value: value === undefined ? null : value });
  } catch (error) {
    send({ id, error: String(error?.message ?? error) });
  }
}
await browser.close();
