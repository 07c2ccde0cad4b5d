import { test, expect } from '@playwright/test';
import { CAPTCHA, gotoHydrated, newIdNumber, newPhone, registerPerson } from './helpers';

test('a new person registers, signs in, changes the password and signs out', async ({ page }) => {
  const id = newIdNumber();
  const phone = newPhone();
  const name = '测试' + phone.slice(-4);

  await gotoHydrated(page, '/login');
  await expect(page.getByRole('tab', { name: '个人账户登录' })).toBeVisible();
  await expect(page.getByRole('tab', { name: '单位账户登录' })).toBeVisible();
  await expect(page.getByRole('tab', { name: '单位工作人员登录' })).toBeVisible();
  await expect(page.getByText('重要说明')).toBeVisible();
  await page.getByRole('link', { name: '注册', exact: true }).click();

  await expect(page.getByRole('heading', { name: '个人帐户注册' })).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('证件号码').fill(id);
  // 出生日期 and 性别 come from the ID number.
  await expect(page.getByTestId('derived-birth-date')).toHaveText(
    `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
  );
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('邮箱').fill(`${phone}@example.com`);
  // A weak password is refused next to its field, and nothing is created.
  await page.getByLabel('密码', { exact: true }).fill('abcdefgh');
  await page.getByLabel('确认密码').fill('abcdefgh');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.getByText('密码须包含大写字母、小写字母、数字、符号中的至少三种')).toBeVisible();

  await page.getByLabel('密码', { exact: true }).fill('Start@2026');
  await page.getByLabel('确认密码').fill('Start@2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '注册' }).click();

  await expect(page).toHaveURL(/\/login\?registered=1/);
  await expect(page.getByText('注册成功，请登录。')).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('账 号').fill(phone);
  await page.getByLabel('密 码').fill('Start@2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();

  await expect(page).toHaveURL(/\/person$/);
  await expect(page.getByRole('heading', { name: `欢迎您，${name}` })).toBeVisible();
  await expect(page.getByText(id.slice(0, 4) + '**********' + id.slice(14))).toBeVisible();

  await page.getByRole('link', { name: '修改密码' }).click();
  await expect(page).toHaveURL(/\/person\/password$/);
  await page.getByLabel('原密码').fill('Start@2026');
  await page.getByLabel('新密码', { exact: true }).fill('Next#2026');
  await page.getByLabel('再输入一次新密码').fill('Next#2026');
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByText('密码已修改，下次登录请使用新密码')).toBeVisible();

  await page.getByLabel('用户菜单').click();
  await page.getByRole('menuitem', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The home page is out of reach now, even typed in directly.
  await page.goto('/person');
  await expect(page).toHaveURL(/\/login/);

  // The new password works; the old one does not.
  await gotoHydrated(page, '/login');
  await page.getByLabel('账 号').fill(id);
  await page.getByLabel('密 码').fill('Start@2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('账号或密码错误')).toBeVisible();
  await page.getByLabel('密 码').fill('Next#2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/person$/);
});

test('before the page has hydrated no form can be sent, and never with its fields in the address', async ({ browser }) => {
  // The server's HTML as a browser without (or still loading) the wasm sees it.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const url of ['/login', '/register', '/forgot', '/unit/register', '/manage/login']) {
    await page.goto(url);
    const forms = page.locator('form');
    for (let i = 0; i < await forms.count(); i++) {
      await expect(forms.nth(i)).toHaveAttribute('method', 'post');
    }
    for (const button of await page.locator('button[type="submit"]').all()) {
      await expect(button).toBeDisabled();
    }
  }
  await page.goto('/login');
  await page.getByLabel('账 号').fill('13800000001');
  await page.getByLabel('密 码').fill('Demo@2026');
  await page.getByLabel('密 码').press('Enter');
  await expect(page).toHaveURL(/\/login$/);
  expect(page.url()).not.toContain('Demo');
  await context.close();
});

test('a sign-in whose next leads elsewhere stays on the portal', async ({ page, request }) => {
  const p = await registerPerson(request, '跳转甲');
  await gotoHydrated(page, '/login?next=/%09/evil.example');
  await page.getByLabel('账 号').fill(p.phone);
  await page.getByLabel('密 码').fill(p.password);
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/person$/);
});
