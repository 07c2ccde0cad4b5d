import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  DEMO_STAFF, DEMO_UNIT, gotoHydrated, opinionsByApi, registerPerson, signInStaff, submittedByApi,
} from './helpers';

// 表报下载: the unit downloads a declaration's 《评审表》 as a PDF from its
// list and from the 审核 page, and the ticked ones as one zip.

test.beforeEach(({ page }) => {
  page.on('console', m => { if (m.type() === 'error') console.log('browser console:', m.text().slice(0, 2000)); });
});

/** The text poppler extracts, without white space. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', [file, '-']).toString().replace(/\s/g, '');
}

test('the unit downloads 评审表 singly and as a zip', async ({ page }) => {
  const api = page.request;
  const applicant = await registerPerson(api, '评审表甲');
  const { id } = await submittedByApi(api, applicant);
  await opinionsByApi(api, id);

  await signInStaff(page, DEMO_UNIT, DEMO_STAFF.account, DEMO_STAFF.password);
  await page.getByRole('link', { name: '表报下载' }).click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.getByText('注意事项：')).toBeVisible();
  await page.getByLabel('姓名或身份证号').fill(applicant.name);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.getByTestId('downloads').getByRole('row').filter({ hasText: applicant.name });
  await expect(row).toHaveCount(1);

  // One 评审表: a real PDF with the applicant's data and the unit's opinion.
  const [single] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: '下载评审表' }).click(),
  ]);
  expect(single.suggestedFilename()).toMatch(/评审表.*\.pdf$/);
  const file = await single.path();
  expect(readFileSync(file).subarray(0, 4).toString()).toBe('%PDF');
  const text = pdfText(file);
  expect(text).toContain(applicant.name);
  expect(text).toContain(applicant.id);
  expect(text).toContain('该同志工作认真，同意推荐。');

  // Ticked rows: one zip.
  const zipButton = page.getByTestId('zip-download');
  await expect(zipButton).toBeDisabled();
  await page.getByLabel(`选择${applicant.name}`).check();
  await expect(page.getByText('已选 1 条')).toBeVisible();
  const [zip] = await Promise.all([page.waitForEvent('download'), zipButton.click()]);
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);
  expect(readFileSync(await zip.path()).subarray(0, 2).toString()).toBe('PK');

  // And from the declaration's 审核 page.
  await gotoHydrated(page, `/staff/declarations/${id}`);
  const [fromReview] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('review-form-link').click(),
  ]);
  expect(pdfText(await fromReview.path())).toContain(applicant.name);
});
