import { Page, expect } from '@playwright/test';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A valid 居民身份证号 (GB 11643) that no earlier run has used. */
export function newIdNumber(): string {
  const seq = String(Math.floor(Math.random() * 900) + 100);
  const day = String(Math.floor(Math.random() * 28) + 1).padStart(2, '0');
  const month = String(Math.floor(Math.random() * 12) + 1).padStart(2, '0');
  const year = String(1970 + Math.floor(Math.random() * 30));
  const body = `450102${year}${month}${day}${seq}`;
  const sum = body.split('').reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  return body + CHECK[sum % 11];
}

export function newPhone(): string {
  return '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
}

/** Waits until the wasm has hydrated the page, so clicks reach Rust handlers. */
export async function gotoHydrated(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

export const CAPTCHA = 'TEST';
