import { test, expect } from '@playwright/test';
import { CAPTCHA, gotoHydrated, latestMessage, newCreditCode, pickUnit, PNG_FILE, registerPerson } from './helpers';

test('a unit registers with its licence and staff, is approved, and manages its staff', async ({ page, request }) => {
  const staff = await registerPerson(request, '陆工作');
  const code = newCreditCode();
  const unitName = `南宁测试${code.slice(9, 15)}有限公司`;

  // 单位注册 with the licence and a staff member found by ID number.
  await gotoHydrated(page, '/login?tab=unit');
  await page.getByRole('link', { name: '注册', exact: true }).click();
  await expect(page.getByRole('heading', { name: '单位账户注册' })).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('统一社会信用代码').fill(code);
  await expect(page.getByTestId('kind-suggestion')).toHaveText('根据统一社会信用代码，单位类别为：企业');
  await page.getByLabel('单位名称').fill(unitName);
  await page.getByLabel('法定代表人').fill('张法人');
  await expect(page.getByLabel('单位类型')).toHaveValue('非公企业');
  await expect(page.getByTestId('licence-hint')).toHaveText('营业执照类型：《企业法人营业执照》');
  await page.getByLabel('单位行业').selectOption('I');
  await page.getByLabel('所在城市').selectOption('450100');
  await page.getByLabel('所在区县').selectOption('450103');
  await page.getByLabel('单位地址').fill('民族大道1号');
  await page.getByLabel('营业执照').setInputFiles(PNG_FILE);
  await expect(page.getByTestId('file-preview')).toContainText('营业执照.png');

  await page.getByRole('button', { name: '新增工作人员' }).click();
  const dialog = page.getByRole('dialog', { name: '新增工作人员' });
  await expect(dialog.getByText('请输入身份证号码，点击“Q”查询！')).toBeVisible();
  await dialog.getByLabel('身份证号码').fill('450102199001011234');
  await dialog.getByRole('button', { name: '查询' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await dialog.getByRole('button', { name: '清空' }).click();
  // Before any review the form checks the number only: it does not say who is registered.
  const maskedId = `${staff.id.slice(0, 4)}**********${staff.id.slice(14)}`;
  await dialog.getByLabel('身份证号码').fill(staff.id);
  await dialog.getByRole('button', { name: '查询' }).click();
  await expect(dialog.getByRole('cell', { name: maskedId })).toBeVisible();
  await expect(dialog.getByText('陆')).toHaveCount(0);
  await dialog.getByRole('button', { name: '添加' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name: maskedId })).toBeVisible();

  await page.getByLabel('密码', { exact: true }).fill('Unit@2026');
  await page.getByLabel('确认密码').fill('Unit@2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page).toHaveURL(/unit_registered=1/);
  await expect(page.getByText('单位注册成功，等待职改办审核')).toBeVisible();

  // The 南宁市职改办 approves it.
  await gotoHydrated(page, '/manage/login');
  await page.getByLabel('账 号').fill('nnzgb');
  await page.getByLabel('密 码').fill('Demo@2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/manage$/);
  await page.getByRole('link', { name: '单位注册审核' }).click();
  const row = page.getByRole('row').filter({ hasText: unitName });
  await expect(row.getByRole('link', { name: '查看' })).toBeVisible();
  await row.getByRole('button', { name: '审核通过' }).click();
  await page.getByRole('dialog', { name: '请确认' }).getByRole('button', { name: '审核通过' }).click();
  await expect(page.getByText('操作成功')).toBeVisible();
  await page.getByLabel('用户菜单').click();
  await page.getByRole('menuitem', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The staff member signs in through 单位工作人员登录.
  await gotoHydrated(page, '/login?tab=staff');
  await pickUnit(page, unitName);
  await page.getByLabel('账 号').fill(staff.id);
  await page.getByLabel('密 码').fill(staff.password);
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('link', { name: '待办事项' })).toBeVisible();
  await expect(page.getByRole('link', { name: '操作记录' })).toBeVisible();
  await expect(page.getByRole('link', { name: '表报下载' })).toBeVisible();
  await page.getByLabel('用户菜单').click();
  await page.getByRole('menuitem', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The unit signs in and disables the staff member.
  await gotoHydrated(page, '/login?tab=unit');
  await pickUnit(page, unitName);
  await page.getByLabel('账 号').fill(code);
  await page.getByLabel('密 码').fill('Unit@2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/unit$/);
  await expect(page.getByTestId('unit-status')).toHaveText('已审核');
  // 【修改单位密码】 in its dialog: 原密码, 新密码, 再输入一次新密码, 取消, 确定.
  await page.getByRole('link', { name: '单位信息' }).click();
  await expect(page.getByTestId('unit-name')).toHaveText(unitName);
  await page.getByRole('button', { name: '修改单位密码' }).click();
  const pw = page.getByRole('dialog', { name: '修改单位密码' });
  await pw.getByLabel('原密码').fill('Wrong@2026');
  await pw.getByLabel('新密码', { exact: true }).fill('Unit@2027');
  await pw.getByLabel('再输入一次新密码').fill('Unit@2027');
  await pw.getByRole('button', { name: '确定' }).click();
  await expect(pw.getByText('原密码不正确')).toBeVisible();
  await pw.getByLabel('原密码').fill('Unit@2026');
  await pw.getByRole('button', { name: '确定' }).click();
  await expect(pw.getByText('单位密码已修改')).toBeVisible();
  await pw.getByRole('button', { name: '取消' }).click();
  await expect(pw).toBeHidden();
  await page.getByRole('link', { name: '工作人员' }).click();
  const staffRow = page.getByRole('row').filter({ hasText: '陆*' });
  await expect(staffRow.getByRole('cell', { name: '是', exact: true })).toBeVisible();
  await staffRow.getByRole('button', { name: '停用' }).click();
  await page.getByRole('dialog', { name: '请确认' }).getByRole('button', { name: '停用' }).click();
  await expect(staffRow.getByRole('cell', { name: '否', exact: true })).toBeVisible();
  await page.getByLabel('用户菜单').click();
  await page.getByRole('menuitem', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // Their next sign-in is refused.
  await gotoHydrated(page, '/login?tab=staff');
  await pickUnit(page, unitName);
  await page.getByLabel('账 号').fill(staff.phone);
  await page.getByLabel('密 码').fill(staff.password);
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('您在该单位的工作人员账号已停用，请联系单位启用')).toBeVisible();
  await expect(page).toHaveURL(/tab=staff/);
});

test('a unit recovers its password in three steps with a code sent to its staff member', async ({ page, request }) => {
  const staff = await registerPerson(request, '黄找回');
  const code = newCreditCode();
  const unitName = `柳州找回${code.slice(9, 15)}公司`;
  // Set-up through the server functions: the registration UI is covered above.
  const upload = await request.post('/upload?purpose=licence', { multipart: { file: PNG_FILE } });
  expect(upload.status()).toBe(200);
  const ticket = await (await request.post('/api/captcha/new', { data: {} })).json();
  const reg = await request.post('/api/units/register_unit', {
    data: { input: {
      credit_code: code, name: unitName, legal_rep: '李法人', kind: '国有企业', industry: 'C', region_code: '450202',
      address: '城中路1号', licence_id: (await upload.json()).id, staff_id_numbers: [staff.id],
      password: 'Unit@2026', password_confirm: 'Unit@2026', captcha_id: ticket, captcha: CAPTCHA,
    } },
  });
  expect(reg.status()).toBe(200);

  await gotoHydrated(page, '/login?tab=unit');
  await page.getByRole('link', { name: '忘记密码' }).click();
  await expect(page.getByText('第一步填写单位信息')).toBeVisible();
  await expect(page.getByText('第二步选择工作人员')).toBeVisible();
  await expect(page.getByText('第三步找回密码结束')).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await pickUnit(page, unitName);
  await page.getByLabel('社会统一代码').fill(code);
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '下一步' }).click();

  await page.getByLabel('工作人员').selectOption({ label: '黄*' });
  await page.getByLabel('身份证号').fill(staff.id);
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('验证码已发送至所选工作人员的注册邮箱')).toBeVisible();

  const message = await latestMessage(request, staff.email);
  const sent = /验证码为 (\d{6})/.exec(message)![1];
  await page.getByLabel('邮箱验证码').fill(sent);
  await page.getByLabel('新密码', { exact: true }).fill('Found@2026');
  await page.getByLabel('再输入一次新密码').fill('Found@2026');
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByText('密码已重置，请使用新密码登录单位账户。')).toBeVisible();

  await page.getByRole('link', { name: '去登录' }).click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await pickUnit(page, unitName);
  await page.getByLabel('账 号').fill(code);
  await page.getByLabel('密 码').fill('Found@2026');
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/unit$/);
});
