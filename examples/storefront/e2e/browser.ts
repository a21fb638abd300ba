// Chromium for the storefront's browser tests: Debian's /usr/bin/chromium (CHROMIUM to change
// it), driven by playwright-core, with flags for a closed network and a fresh profile. One
// browser for the whole suite (starting one is the slow part); each shopper gets a new page
// with the cookies cleared, so a session never leaks from one shopper to the next.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Where screenshots go: E2E_SCREENSHOTS, or .tmp/storefront-e2e under the repository. */
export const SCREENSHOTS = resolve(process.env.E2E_SCREENSHOTS ?? resolve(import.meta.dirname, '../../../.tmp/storefront-e2e'));

export interface Shopper {
  page: Page;
  /** Writes `<SCREENSHOTS>/<folder>/<NN>-<step>.png`. */
  snap(step: string): Promise<void>;
  close(): Promise<void>;
}

export interface Browser {
  /** A shopper with no cookies, its screenshots in `SCREENSHOTS/<folder>`. One at a time. */
  shopper(folder: string): Promise<Shopper>;
  close(): Promise<void>;
}

export async function openBrowser(baseURL: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (never a downloaded browser)`);
  const profile = mkdtempSync(join(tmpdir(), 'storefront-e2e-'));
  // launchPersistentContext passes the fresh profile as --user-data-dir.
  const context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, baseURL });
  return {
    shopper: async (folder) => {
      await context.clearCookies();
      for (const open of context.pages()) await open.close();
      const page = await context.newPage();
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
        close: () => page.close(),
      };
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
