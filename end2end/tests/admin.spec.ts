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
  await expect(page.getByRole('link', { name: /待办事项/ }).first()).toBeVisible();
  await expect(page.getByText(deptName).first()).toBeVisible();

  // Its 统计分析: nothing sent to it yet, the charts drawn all the same.
  await page.getByRole('link', { name: '统计分析' }).click();
  await expect(page.getByRole('heading', { name: '统计分析' })).toBeVisible();
  await expect(page.getByTestId('city-chart').locator('svg')).toBeVisible();
  await expect(page.getByTestId('month-chart').locator('svg')).toBeVisible();
  await expect(page.getByTestId('stats-total')).toHaveText('0');
  await signOut(page);

  // The new password is the one that works now.
  await signInManage(page, username, 'Mine#2027x');
  await expect(page.getByRole('link', { name: /待办事项/ }).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: '修改初始密码' })).toHaveCount(0);
});

test('the 区职改办 sees the region in 统计分析 and its batch in 申报年度管理', async ({ page }) => {
  await signInManage(page, 'qzgb', 'Demo@2026');
  await page.getByRole('link', { name: '统计分析' }).click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.getByTestId('city-chart').locator('svg')).toContainText('南宁');
  await expect(page.getByTestId('by-city').getByRole('row')).toHaveCount(15);
  // A range over ten years is refused beside its field.
  await page.getByLabel('开始年度').fill('2000');
  await page.getByLabel('结束年度').fill('2026');
  await page.getByRole('button', { name: '统计' }).click();
  await expect(page.getByText('统计范围不能超过10年，请缩小年度范围')).toBeVisible();

  await page.getByRole('link', { name: '申报年度管理' }).click();
  const year = new Date().getFullYear().toString();
  const row = page.getByTestId('batches').locator(`tr[data-batch="${year}"]`);
  await expect(row).toContainText('申报中');
  await page.getByRole('button', { name: '新增申报年度' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('年度').fill(String(Number(year) + 1));
  await dialog.getByLabel('开始日期').fill(`${Number(year) + 1}-03-31`);
  await dialog.getByLabel('截止日期').fill(`${Number(year) + 1}-03-01`);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('截止日期不能早于开始日期')).toBeVisible();
  await dialog.getByLabel('截止日期').fill(`${Number(year) + 1}-04-30`);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('batches').locator(`tr[data-batch="${Number(year) + 1}"]`)).toContainText('未开始');
});

test('the administrator reads a failed sign-in in the 登录日志 and the changes in the 操作日志', async ({ page }) => {
  // A wrong password first: the 登录日志 keeps failures too.
  await gotoHydrated(page, '/manage/login');
  await page.getByLabel('账 号').fill('admin');
  await page.getByLabel('密 码').fill('Wrong#2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('账号或密码错误').first()).toBeVisible();
  await signInManage(page, 'admin', 'Admin@2026');

  await page.getByRole('link', { name: '登录日志' }).click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('账号').fill('admin');
  await page.getByLabel('登录结果').selectOption('failure');
  await page.getByRole('button', { name: '查询' }).click();
  const failed = page.getByTestId('login-log').getByRole('row').filter({ hasText: '密码错误' });
  await expect(failed.first()).toContainText('管理端');
  await expect(failed.first()).toContainText('失败');

  await page.getByRole('link', { name: '操作日志' }).click();
  await expect(page.getByRole('heading', { name: '操作日志' })).toBeVisible();
  await expect(page.getByRole('link', { name: '导出Excel' })).toHaveAttribute('href', /\/exports\/audit-log\.xlsx\?/);
  // Nothing to edit or delete on either page.
  await expect(page.getByRole('button', { name: /删除|修改/ })).toHaveCount(0);
});
