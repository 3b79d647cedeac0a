import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../examples/dashboard/demo-server';
import type { WorldUser } from '../../src/replay/world';
import { UNTHROTTLED } from '../helpers/instagraph';
import { world, worldUser } from '../helpers/world';
import { chromiumAvailable, launchChromium } from './chromium';
import { serveBuiltDashboard } from './serve-dashboard';

const SCREENSHOTS = new URL('./__screenshots__/', import.meta.url);
const count = (value: number): string => new Intl.NumberFormat('en-US').format(value);
const reelsOf = (user: WorldUser, first: number) => world.mediaList(String(user.pk), 'reels').slice(0, first);
const natgeo = worldUser('natgeo');
const natgeoFollowers = world.userList(String(natgeo.pk), 'followers');

/** What the followers grid shows for each of `followers`: its reels, or the error in its place. */
function expectedCards(followers: WorldUser[]) {
  return followers.map((follower) => ({
    username: follower.username,
    reels: follower.is_private ? [] : reelsOf(follower, 3).map((reel) => `${reel.code} ${count(reel.play_count)} plays`),
    error: follower.is_private ? expect.stringContaining(`@${follower.username} is a private account`) : null,
  }));
}

/** The followers grid as rendered, once no follower's reels are still on their way. */
async function renderedCards(page: Page, expected: number) {
  await page.locator('#followers .follower').nth(expected - 1).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#followers .pending').length === 0);
  return page.locator('#followers .follower').evaluateAll((cards) =>
    cards.map((card) => ({
      username: card.getAttribute('data-username'),
      reels: [...card.querySelectorAll('.reels li')].map((item) => `${item.querySelector('code')?.textContent} ${item.querySelector('.plays')?.textContent}`),
      error: card.querySelector('.error')?.textContent ?? null,
    })),
  );
}

describe.runIf(chromiumAvailable())('the dashboard in headless Chromium', () => {
  let demo: DemoServer;
  let dashboard: Awaited<ReturnType<typeof serveBuiltDashboard>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    demo = await startDemoServer({ env: { ...UNTHROTTLED } });
    [dashboard, browser] = await Promise.all([serveBuiltDashboard(new URL(demo.url).origin), launchChromium()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await demo?.close();
  });

  it('shows the profile, the reels chart and the streamed followers grid, walks by "Load more", and shows errors in place', async () => {
    const page = await browser.context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(dashboard.url);

    // The profile card and the chart of natgeo's latest 12 reels.
    await page.locator('#chart canvas[data-drawn="12"]').waitFor();
    await expect(page.locator('#profile h2').textContent()).resolves.toContain('@natgeo');
    await expect(page.locator('#profile [data-stat="followers"] strong').textContent()).resolves.toBe(count(natgeo.follower_count));
    const chartRows = await page.locator('#chart [data-chart-data] tbody tr').evaluateAll((rows) => rows.map((row) => row.textContent));
    expect(chartRows).toEqual(reelsOf(natgeo, 12).map((reel) => `${reel.code}${count(reel.play_count)}`));

    // The first page of followers with their reels, then the second one by "Load more".
    expect(await renderedCards(page, 6)).toEqual(expectedCards(natgeoFollowers.slice(0, 6)));
    await page.getByRole('button', { name: 'Load more' }).click();
    const twoPages = expectedCards(natgeoFollowers.slice(0, 12));
    expect(twoPages.some((card) => card.error !== null)).toBe(true);
    expect(await renderedCards(page, 12)).toEqual(twoPages);

    // The cost panel adds up to what the replay upstream was really asked.
    await expect(page.locator('#costs .total-calls').textContent()).resolves.toBe(count(demo.replay.stats.count()));
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: new URL('dashboard.png', SCREENSHOTS).pathname, fullPage: true });

    // A private account: its profile, and each of its lists' error where the list would be.
    await page.locator('#username').fill('hidden.trails');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('#profile [data-username="hidden.trails"]').waitFor();
    await page.locator('#chart .error[data-code="PRIVATE_ACCOUNT"]').waitFor();
    await page.locator('#followers .error[data-code="PRIVATE_ACCOUNT"]').waitFor();

    // No such account: the reason in each section.
    await page.locator('#username').fill('no.such.account');
    await page.getByRole('button', { name: 'Show' }).click();
    for (const section of ['profile', 'chart', 'followers']) await page.locator(`#${section} .error[data-code="NOT_FOUND"]`).waitFor();

    expect(consoleErrors).toEqual([]);
  });
});
