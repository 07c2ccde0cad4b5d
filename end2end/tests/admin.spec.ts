import { test, expect, Page } from '@playwright/test';
import { CAPTCHA, gotoHydrated, signOut } from './helpers';

// Administration in the browser: the 系统管理员 opens a 主管部门 under 南宁
// and gives it an officer with an initial password; the officer signs in,
// is made to choose their own password, and then works in their area.

test.beforeEach(({ page }) => {
  page.on('console', m => { if (m.type() === 'error') console.log('browser console:', m.text().slice(0, 2000)); });
});

async function signInManage(page: Page, username: string, password: string) {
  await gotoHydrated(page, '/manage/login');
  await page.getByLabel('账 号').fill(username);
  await page.getByLabel('密 码').fill(password);
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/manage$/);
}

test('the administrator sets up a 主管部门 and its officer, who must choose a password at the first sign-in', async ({ page }) => {
  const suffix = Date.now().toString().slice(-6);
  const deptName = `南宁市测试局${suffix}`;
  const username = `nn_test${suffix}`;

  await signInManage(page, 'admin', 'Admin@2026');
  await page.getByRole('link', { name: '组织机构管理' }).click();
  await expect(page.getByRole('heading', { name: '组织机构管理' })).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const nanning = page.getByTestId('org-tree').locator('tr[data-org="南宁市职称改革工作领导小组办公室"]');
  await nanning.getByRole('button', { name: '新增主管部门' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('上级机构：南宁市职称改革工作领导小组办公室')).toBeVisible();

  // A name already taken is refused beside its field; then the real one.
  await dialog.getByLabel('机构名称').fill('南宁市教育局');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('已有同名机构，请核对机构名称')).toBeVisible();
  await dialog.getByLabel('机构名称').fill(deptName);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(`已新增主管部门“${deptName}”`)).toBeVisible();
  const row = page.getByTestId('org-tree').locator(`tr[data-org="${deptName}"]`);
  await expect(row).toContainText('主管部门');
  await expect(row).toContainText('南宁市');

  // Its officer.
  await row.getByRole('link', { name: '工作人员' }).click();
  await expect(page.getByRole('heading', { name: `${deptName} · 工作人员` })).toBeVisible();
  await expect(page.getByText('该机构暂无工作人员')).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByRole('button', { name: '新增工作人员' }).click();
  await dialog.getByLabel('登录名').fill(username);
  await dialog.getByLabel('姓名').fill('赵测试');
  await dialog.getByLabel('初始密码').fill('Init@2026');
  await dialog.getByLabel('确认密码').fill('Init@2026');
  await dialog.getByRole('button', { name: '保存' }).click();
  const officer = page.getByTestId('officers').locator(`tr[data-officer="${username}"]`);
  await expect(officer).toContainText('待本人修改');
  await signOut(page);

  // The officer: the initial password, then their own.
  await signInManage(page, username, 'Init@2026');
  await expect(page.getByRole('heading', { name: '修改初始密码' })).toBeVisible();
  await expect(page.getByRole('link', { name: '待办事项' })).toHaveCount(0);
  await page.getByLabel('原密码').fill('Init@2026');
  await page.getByLabel('新密码', { exact: true }).fill('Mine#2027x');
  await page.getByLabel('再输入一次新密码').fill('Mine#2027x');
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByRole('link', { name: /待办事项/ })).toBeVisible();
  await expect(page.getByText(deptName).first()).toBeVisible();
  await signOut(page);

  // The new password is the one that works now.
  await signInManage(page, username, 'Mine#2027x');
  await expect(page.getByRole('link', { name: /待办事项/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: '修改初始密码' })).toHaveCount(0);
});
