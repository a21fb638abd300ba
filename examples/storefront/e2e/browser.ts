// Chromium for the storefront's browser tests: Debian's /usr/bin/chromium (CHROMIUM to change
// it), driven by playwright-core, flags for a closed network, a fresh profile per shopper.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface Shopper {
  page: Page;
  /** Writes `<folder>/<NN>-<step>.png`. */
  snap(step: string): Promise<void>;
  close(): Promise<void>;
}

/** Where screenshots go: E2E_SCREENSHOTS, or .tmp/storefront-e2e under the repository. */
export const SCREENSHOTS = resolve(process.env.E2E_SCREENSHOTS ?? resolve(import.meta.dirname, '../../../.tmp/storefront-e2e'));

/** A browser with its own profile (so its own cookies), its screenshots in `SCREENSHOTS/<folder>`. */
export async function openShopper(baseURL: string, folder: string): Promise<Shopper> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (never a downloaded browser)`);
  const profile = mkdtempSync(join(tmpdir(), 'storefront-e2e-'));
  // launchPersistentContext passes the profile as --user-data-dir: a fresh one per shopper.
  const context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, baseURL });
  const page = context.pages()[0] ?? (await context.newPage());
  const dir = join(SCREENSHOTS, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return {
    page,
    snap: async (step) => {
      n += 1;
      await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
