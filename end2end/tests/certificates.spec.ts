import { test, expect, Page, APIRequestContext } from '@playwright/test';
import {
  CAPTCHA, DEMO_STAFF, DEMO_UNIT, PDF_FILE, gotoHydrated, opinionsByApi, pickUnit, registerPerson, signInPerson,
  signInStaff, signOut, submittedByApi, ticket,
} from './helpers';

// The whole path to a title: the applicant declares, the unit forwards to
// its 主管部门, which passes it to the 南宁市职改办, which approves it with a
// 批准文号; the certificate is in 我的证书, a stranger verifies it, and when
// it is lost a 补发 replaces it (the original 作废), the holder seeing who looked.

test.beforeEach(({ page }) => {
  page.on('console', m => { if (m.type() === 'error') console.log('browser console:', m.text().slice(0, 2000)); });
});

async function signInOfficer(page: Page, username: string) {
  await gotoHydrated(page, '/manage/login');
  await page.getByLabel('账 号').fill(username);
  await page.getByLabel('密 码').fill('Demo@2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/manage$/);
}

/** Opens the applicant's row from the office's 待办事项. */
async function openFromOfficeTodo(page: Page, applicant: string) {
  await page.getByRole('link', { name: /待办事项/ }).first().click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('姓名或身份证号').fill(applicant);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.getByTestId('org-todo').getByRole('row').filter({ hasText: applicant });
  await row.getByRole('link', { name: '审核' }).click();
  await expect(page.getByRole('heading', { name: '申报审核' })).toBeVisible();
}

async function decide(page: Page, button: string, state: string) {
  await page.getByTestId('decision').getByRole('button', { name: button }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
  await expect(page.getByText(`操作成功，当前状态：${state}`)).toBeVisible();
}

test('a 职称认定 becomes a certificate through the 主管部门 and the 职改办; it is verified and, lost, reissued', async ({ page, browser }) => {
  const api = page.request;
  const applicant = await registerPerson(api, '持证人甲');

  // The applicant's 职称认定 (its form is the declarations spec's subject).
  const { id, unitId } = await submittedByApi(api, applicant);
  await opinionsByApi(api, id);

  // The unit forwards it to its 主管部门.
  await signInStaff(page, DEMO_UNIT, DEMO_STAFF.account, DEMO_STAFF.password);
  await gotoHydrated(page, `/staff/declarations/${id}`);
  await page.getByLabel('单位负责人').fill('王示范');
  await page.getByLabel('报送人事主管部门').selectOption({ label: '南宁市教育局' });
  await page.getByRole('button', { name: '审核报送' }).click();
  await expect(page.getByText('已审核报送至：南宁市教育局')).toBeVisible();
  await signOut(page);

  // The 主管部门 passes it on to the 南宁市职改办.
  await signInOfficer(page, 'nnjyj');
  await expect(page.getByTestId('office-todo')).not.toContainText(/^0/);
  await openFromOfficeTodo(page, applicant.name);
  await expect(page.getByText('该同志工作认真，同意推荐。')).toBeVisible();
  await decide(page, '审核通过（报送职改办）', '待职改办审核');
  await page.getByRole('link', { name: '已办事项' }).click();
  await expect(page.getByTestId('org-done').getByRole('row').filter({ hasText: applicant.name }).first()).toContainText('主管部门审核通过');
  await signOut(page);

  // The 职改办 approves it with its 批准文号: the approval needs them.
  await signInOfficer(page, 'nnzgb');
  await openFromOfficeTodo(page, applicant.name);
  await page.getByTestId('decision').getByRole('button', { name: '审核通过' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
  await expect(page.getByText('请填写批准文号').first()).toBeVisible();
  await page.getByLabel('批准文号（审核通过时必填）').fill('桂职改办〔2026〕88号');
  await page.getByLabel('取得资格时间（审核通过时必填）').fill('2026-11-20');
  await decide(page, '审核通过', '审核通过');
  await signOut(page);

  // 我的证书.
  await signInPerson(page, applicant.phone, applicant.password);
  await page.getByRole('link', { name: '我的证书' }).click();
  const list = page.getByTestId('my-certificates');
  await expect(list).toContainText('助理工程师');
  await expect(list).toContainText('桂职改办〔2026〕88号');
  await expect(list).toContainText('有效');
  const number = (await list.locator('tbody tr').first().locator('td').first().innerText()).trim();
  expect(number).toMatch(/^450100-\d{4}-\d{6}$/);
  await signOut(page);

  // A stranger verifies it: masked, and valid.
  const stranger = await browser.newPage();
  await gotoHydrated(stranger, '/verify');
  await stranger.getByLabel('证书编号').fill(number);
  await stranger.getByLabel('持证人姓名').fill(applicant.name);
  await stranger.getByLabel('验证码').fill(CAPTCHA);
  await stranger.getByRole('button', { name: '查询' }).click();
  await expect(stranger.getByTestId('verify-status')).toContainText('有效');
  await expect(stranger.getByTestId('verify-result')).not.toContainText(applicant.id);
  await expect(stranger.getByTestId('verify-result')).toContainText('桂职改办〔2026〕88号');

  // Lost: the holder declares 证书遗失补办, choosing the certificate.
  await signInPerson(page, applicant.phone, applicant.password);
  await gotoHydrated(page, '/person/declarations/new');
  await page.getByLabel('业务类型').selectOption({ label: '证书遗失补办' });
  await pickUnit(page, DEMO_UNIT, '申报单位');
  await page.getByLabel('系列').selectOption({ label: '工程系列' });
  await page.getByLabel('专业').selectOption({ index: 1 });
  await page.getByLabel('申报级别').selectOption({ label: '初级（助理级）' });
  await page.getByRole('button', { name: '创建申报' }).click();
  await expect(page.getByRole('heading', { name: '填写申报' })).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const lost = page.getByLabel('遗失的证书');
  await expect(lost.locator('option', { hasText: number })).toHaveCount(1);
  await lost.selectOption(await lost.locator('option', { hasText: number }).getAttribute('value'));
  await expect(page.getByLabel('证书编号')).toHaveValue(number);
  await page.getByLabel('遗失声明').fill('2026年11月21日于广西日报第8版刊登遗失声明');
  await page.getByLabel('上传附件').setInputFiles(PDF_FILE);
  await expect(page.getByTestId('file-preview')).toContainText('学历证书.pdf');
  await page.getByLabel('我已阅读并同意《个人承诺书》').check();
  await page.getByRole('button', { name: '报送单位' }).click();
  await expect(page.getByText('已报送单位，等待单位审核。')).toBeVisible();
  const lostId = page.url().split('/').pop()!;
  await signOut(page);
  await opinionsByApi(api, lostId);
  let res = await api.post('/api/units/sign_in_staff', { data: { input: {
    unit_id: unitId, account: DEMO_STAFF.account, password: DEMO_STAFF.password, captcha_id: await ticket(api), captcha: CAPTCHA } } });
  const d = await (await api.post('/api/declarations/load_declaration', { data: { id: lostId } })).json();
  res = await api.post('/api/declarations/forward_declaration', { data: { input: {
    id: lostId, version: d.version, unit_leader: '王示范', target: 'ZGB-450100' } } });
  expect(res.status()).toBe(200);
  await api.post('/api/accounts/sign_out', { data: {} });

  // The 职改办 approves the 补办 from its list (批量审核).
  await signInOfficer(page, 'nnzgb');
  await page.getByRole('link', { name: /待办事项/ }).first().click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('姓名或身份证号').fill(applicant.name);
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByLabel(`选择${applicant.name}`).check();
  await page.getByRole('button', { name: '批量审核通过' }).click();
  await page.getByLabel('批准文号').fill('桂职改办〔2026〕89号');
  await page.getByLabel('取得资格时间').fill('2026-11-25');
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('batch-result')).toContainText('成功 1 条');
  await expect(page.getByTestId('batch-result')).toContainText('已发证书');
  // The office looks the original up too: the holder will see it named.
  await gotoHydrated(page, '/verify');
  await page.getByLabel('证书编号').fill(number);
  await page.getByLabel('持证人姓名').fill(applicant.name);
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('verify-status')).toContainText('作废');
  await signOut(page).catch(async () => { await api.post('/api/accounts/sign_out', { data: {} }); });

  // The holder: the original 作废, the new one 补发, and who looked.
  await signInPerson(page, applicant.phone, applicant.password);
  await gotoHydrated(page, '/person/certificates');
  const rows = page.getByTestId('my-certificates').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('补发');
  await expect(rows.nth(1)).toContainText('作废');
  await rows.nth(1).getByRole('link', { name: '详情' }).click();
  const lookups = page.getByTestId('certificate-lookups');
  await expect(lookups).toContainText('匿名查询');
  await expect(lookups).toContainText('南宁市职称改革工作领导小组办公室');
});
