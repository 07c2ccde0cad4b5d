import { test, expect, Page } from '@playwright/test';
import { CAPTCHA, gotoHydrated, registerPerson, signOut, ticket } from './helpers';

// Dictionaries in the browser: the 系统管理员 adds a 专业 under 工程系列,
// an applicant is offered it, it is disabled and no longer offered; the
// qualification rules are edited with their preview before saving.

test.beforeEach(({ page }) => {
  page.on('console', m => { if (m.type() === 'error') console.log('browser console:', m.text().slice(0, 2000)); });
});

async function signInAdmin(page: Page) {
  await gotoHydrated(page, '/manage/login');
  await page.getByLabel('账 号').fill('admin');
  await page.getByLabel('密 码').fill('Admin@2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/manage$/);
}

test('the administrator adds a 专业 that applicants are offered, then disables it', async ({ page, request }) => {
  const specialty = `软件工程${Date.now().toString().slice(-6)}`;
  const applicant = await registerPerson(request, '字典测试');
  const offered = async () => {
    const res = await request.post('/api/accounts/sign_in_person', { data: { input: {
      account: applicant.phone, password: applicant.password, captcha_id: await ticket(request), captcha: CAPTCHA } } });
    expect(res.status()).toBe(200);
    const options = await (await request.post('/api/declarations/load_declaration_options', { data: { choosable: true } })).json();
    await request.post('/api/accounts/sign_out', { data: {} });
    const gc = options.series.find((s: { name: string }) => s.name === '工程系列');
    return gc.specialties.some((p: [number, string]) => p[1] === specialty);
  };

  await signInAdmin(page);
  await page.getByRole('link', { name: '字典管理' }).click();
  await expect(page.getByRole('heading', { name: '系列与资格名称' })).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const gc = page.getByTestId('series').locator('tr[data-series="工程系列"]');
  await expect(gc).toContainText('技术员／助理工程师／工程师');
  await gc.getByRole('link', { name: '专业与资格名称' }).click();
  await expect(page.getByRole('heading', { name: '工程系列（GC）' })).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);

  // An empty name is refused beside its field; then the real one.
  await page.getByRole('button', { name: '新增专业' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('请填写专业名称')).toBeVisible();
  await dialog.getByLabel('专业名称').fill(specialty);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(`已保存专业“${specialty}”`)).toBeVisible();
  const row = page.getByTestId('specialties').locator(`tr[data-specialty="${specialty}"]`);
  await expect(row).toContainText('启用');
  expect(await offered()).toBe(true);

  // 停用 asks first; afterwards new declarations are not offered it.
  await row.getByRole('button', { name: '停用' }).click();
  await expect(page.getByText(`确定停用“${specialty}”专业吗？`)).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: '停用' }).click();
  await expect(row).toContainText('已停用');
  expect(await offered()).toBe(false);
});

test('the qualification rules are previewed before they are saved', async ({ page }) => {
  await signInAdmin(page);
  await page.getByRole('link', { name: '申报条件' }).click();
  await expect(page.getByRole('heading', { name: '申报条件' })).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const cell = page.getByLabel('本科学历申报初级（助理级）所需年限');
  await expect(cell).toHaveValue('1');
  const verdict = page.getByTestId('rules-verdict');
  // The sample: 本科, 1 year, 初级（助理级）.
  await expect(verdict).toHaveText('符合常用条件：本科学历、从事专业技术工作1年，可以申报初级（助理级）');
  await cell.fill('3');
  await expect(verdict).toHaveText('按常用条件，本科学历申报初级（助理级）需从事专业技术工作满3年，您目前为1年');
  await page.getByLabel('从事专业技术工作年限').fill('3');
  await expect(verdict).toContainText('符合常用条件');

  // A bad cell is refused beside it; nothing is saved.
  await cell.fill('-2');
  await page.getByRole('button', { name: '保存申报条件' }).click();
  await expect(page.getByText('年限应为0至40年')).toBeVisible();
  await cell.fill('3');
  await page.getByRole('button', { name: '保存申报条件' }).click();
  await expect(page.getByText('申报条件已保存（7条）')).toBeVisible();
  await page.reload();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.getByLabel('本科学历申报初级（助理级）所需年限')).toHaveValue('3');

  // Back as it was, for the other tests.
  await page.getByLabel('本科学历申报初级（助理级）所需年限').fill('1');
  await page.getByRole('button', { name: '保存申报条件' }).click();
  await expect(page.getByText('申报条件已保存（7条）')).toBeVisible();
  await signOut(page);
});
