import { test, expect, Page } from '@playwright/test';
import {
  DEMO_STAFF, DEMO_UNIT, PDF_FILE, gotoHydrated, registerPerson, signInPerson, signInStaff, signOut,
} from './helpers';

// A page that fails to hydrate says why in the browser console: show it.
test.beforeEach(({ page }) => {
  page.on('console', m => { if (m.type() === 'error') console.log('browser console:', m.text().slice(0, 2000)); });
});

/** Opens the review page of the applicant's declaration from 待办事项. */
async function openFromTodo(page: Page, applicant: string) {
  await gotoHydrated(page, '/staff');
  // One page of results: both page buttons are there, and disabled.
  await expect(page.getByRole('button', { name: '下一页' })).toBeDisabled();
  await expect(page.getByRole('button', { name: '上一页' })).toBeDisabled();
  const row = page.getByRole('row').filter({ hasText: applicant });
  await row.getByRole('link', { name: '审核' }).click();
  await expect(page.getByRole('heading', { name: '审核', exact: true })).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

async function addRow(page: Page, section: string) {
  await page.locator('fieldset').filter({ has: page.getByText(section, { exact: true }) }).getByRole('button', { name: '添加一行' }).click();
}

/** The three opinions every level needs. */
async function fillCommonOpinions(page: Page) {
  await page.getByLabel('推荐意见', { exact: true }).fill('该同志思想端正，业务扎实，同意推荐。');
  await page.getByRole('button', { name: '保存基层单位考核推荐意见' }).click();
  await expect(page.getByText('基层单位考核推荐意见已保存')).toBeVisible();
  await addRow(page, '《任现职以来年度及任职期满考核结果》');
  await page.getByLabel('《任现职以来年度及任职期满考核结果》第1行年度').fill('2025');
  await page.getByLabel('《任现职以来年度及任职期满考核结果》第1行考核结果').selectOption('优秀');
  await page.getByLabel('任职期满考核结果', { exact: true }).selectOption('合格');
  await page.getByRole('button', { name: '保存考核结果' }).click();
  await expect(page.getByText('任职期满聘任职称考核结果已保存')).toBeVisible();
  await page.getByLabel('公示开始日期').fill('2026-10-08');
  await page.getByLabel('公示结束日期').fill('2026-10-14');
  await page.getByLabel('公示结果').selectOption('无异议');
  await page.getByRole('button', { name: '保存公示情况' }).click();
  await expect(page.getByText('公示情况已保存')).toBeVisible();
}

async function forwardToOffice(page: Page) {
  await page.getByLabel('单位负责人').fill('王示范');
  await page.getByLabel('报送人事主管部门').selectOption({ label: '南宁市职称改革工作领导小组办公室' });
  await page.getByRole('button', { name: '审核报送' }).click();
  await expect(page.getByText('已审核报送至：南宁市职称改革工作领导小组办公室')).toBeVisible();
}

test('a 职称认定 is declared, returned, fixed, reviewed and forwarded to a 职改办', async ({ page, request }) => {
  const applicant = await registerPerson(request, '申报人甲');
  await signInPerson(page, applicant.phone, applicant.password);

  // 新建申报
  await page.getByRole('link', { name: '我的申报' }).click();
  await expect(page.getByText('您还没有申报')).toBeVisible();
  await page.getByRole('link', { name: '新建申报' }).click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('业务类型').selectOption({ label: '职称认定' });
  // Before a unit is chosen no batch is offered; then the unit's office's one is.
  await expect(page.getByText('请先选择申报单位')).toBeVisible();
  // Typed word by word, as an input method sends it: focus and text stay.
  const unitField = page.getByRole('combobox', { name: '申报单位' });
  await unitField.click();
  await unitField.pressSequentially('广西');
  await page.waitForTimeout(400);
  await unitField.pressSequentially('示范');
  await expect(unitField).toBeFocused();
  await expect(unitField).toHaveValue('广西示范');
  await page.getByRole('option', { name: DEMO_UNIT }).click();
  await expect(unitField).toHaveValue(DEMO_UNIT);
  await expect(page.getByTestId('batch')).toContainText('南宁市职称改革工作领导小组办公室');
  await expect(page.getByTestId('batch')).toContainText('截止');
  await page.getByLabel('系列').selectOption({ label: '工程系列' });
  await page.getByLabel('专业').selectOption({ label: '电子信息工程' });
  await page.getByLabel('申报级别').selectOption({ label: '中级' });
  await page.getByRole('button', { name: '创建申报' }).click();
  await expect(page.getByRole('heading', { name: '填写申报' })).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);

  // The sections of 职称认定.
  await page.getByLabel('参加专业技术工作时间').fill('2015-07');
  await page.getByLabel('现从事专业技术工作岗位').fill('软件开发');
  await addRow(page, '学历情况');
  await page.getByLabel('学历情况第1行起始年月').fill('2012-09');
  await page.getByLabel('学历情况第1行结束年月').fill('2015-06');
  await page.getByLabel('学历情况第1行学校').fill('广西大学');
  await page.getByLabel('学历情况第1行专业').fill('计算机技术');
  await page.getByLabel('学历情况第1行学历').selectOption('硕士');
  await addRow(page, '主要经历');
  await page.getByLabel('主要经历第1行起始年月').fill('2015-07');
  await page.getByLabel('主要经历第1行工作单位').fill(DEMO_UNIT);
  await page.getByLabel('主要经历第1行职务岗位').fill('工程师');
  await addRow(page, '年度考核');
  await page.getByLabel('年度考核第1行年度').fill('2025');
  await page.getByLabel('年度考核第1行考核结果').selectOption('合格');
  await page.getByLabel('上传附件').setInputFiles(PDF_FILE);
  await expect(page.getByTestId('file-preview')).toContainText('学历证书.pdf');

  // Without the 个人承诺书 it is not sent.
  await page.getByRole('button', { name: '报送单位' }).click();
  await expect(page.getByText('请阅读并同意个人承诺书后再报送').first()).toBeVisible();
  await page.getByLabel('我已阅读并同意《个人承诺书》').check();
  await page.getByRole('button', { name: '报送单位' }).click();
  await expect(page.getByText('已报送单位，等待单位审核。')).toBeVisible();
  await expect(page.getByTestId('status-badge')).toHaveText('待单位审核');
  await signOut(page);

  // The unit returns it for changes.
  await signInStaff(page, DEMO_UNIT, DEMO_STAFF.account, DEMO_STAFF.password);
  await expect(page.getByRole('link', { name: /待办事项/ }).locator('.badge-count')).toBeVisible();
  await openFromTodo(page, applicant.name);
  await expect(page.getByRole('heading', { name: '个人填写部分' })).toBeVisible();
  await expect(page.getByRole('link', { name: '学历证书.pdf' })).toBeVisible();
  // 证件号码 and phone are masked; the reviewer may ask for them whole (audited).
  await expect(page.getByText(applicant.id)).toHaveCount(0);
  await page.getByRole('button', { name: '查看完整信息' }).click();
  await expect(page.getByTestId('identity-whole')).toHaveText(`证件号码：${applicant.id} 手机号码：${applicant.phone}`);
  await page.getByLabel('原因').fill('请补充继续教育记录');
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByText('已退回修改')).toBeVisible();
  await signOut(page);

  // The applicant sees why, fixes it and sends it again.
  await signInPerson(page, applicant.phone, applicant.password);
  await gotoHydrated(page, '/person/declarations');
  await expect(page.getByTestId('status-badge')).toHaveText('退回个人修改');
  await page.getByRole('link', { name: '填写' }).click();
  await expect(page.getByText('原因：请补充继续教育记录')).toBeVisible();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await addRow(page, '继续教育');
  await page.getByLabel('继续教育第1行年度').fill('2025');
  await page.getByLabel('继续教育第1行内容').fill('专业技术人员继续教育公需科目');
  await page.getByLabel('继续教育第1行学时').fill('72');
  await page.getByRole('button', { name: '报送单位' }).click();
  await expect(page.getByText('已报送单位，等待单位审核。')).toBeVisible();
  await page.getByRole('link', { name: '消息中心' }).click();
  await expect(page.getByText('申报状态变更：退回个人修改')).toBeVisible();
  await signOut(page);

  // The unit fills the four opinions and forwards it to the 职改办. Saving
  // one opinion keeps what was typed, unsaved, elsewhere on the page.
  await signInStaff(page, DEMO_UNIT, DEMO_STAFF.account, DEMO_STAFF.password);
  await openFromTodo(page, applicant.name);
  await page.getByLabel('推荐意见', { exact: true }).fill('尚未保存的推荐意见');
  await page.getByLabel('单位负责人').fill('王示范');
  await page.getByLabel('公示开始日期').fill('2026-10-08');
  await page.getByLabel('公示结束日期').fill('2026-10-14');
  await page.getByLabel('公示结果').selectOption('无异议');
  await page.getByRole('button', { name: '保存公示情况' }).click();
  await expect(page.getByText('公示情况已保存')).toBeVisible();
  await expect(page.getByLabel('推荐意见', { exact: true })).toHaveValue('尚未保存的推荐意见');
  await expect(page.getByLabel('单位负责人')).toHaveValue('王示范');
  await fillCommonOpinions(page);
  await page.getByLabel('会议日期').fill('2026-10-20');
  await page.getByLabel('出席人数').fill('7');
  await page.getByLabel('赞成票').fill('6');
  await page.getByLabel('反对票').fill('0');
  await page.getByLabel('弃权票').fill('1');
  await page.getByLabel('审议推荐意见', { exact: true }).fill('经审议，同意推荐。');
  await page.getByRole('button', { name: '保存审议推荐意见' }).click();
  await expect(page.getByText('单位审议小组审议推荐意见已保存')).toBeVisible();
  await forwardToOffice(page);

  // 操作记录: every step, newest first, in the manual's words.
  await page.getByRole('link', { name: '操作记录' }).click();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('申报人或操作').fill(applicant.name);
  await page.getByRole('button', { name: '查询' }).click();
  const actions = page.getByTestId('operation-log').locator('tbody tr:not(.log-detail) td:nth-child(7)');
  await expect(actions).toHaveText([
    '单位审核报送',
    '单位填写单位会议小组审议推荐意见',
    '单位填写公示情况',
    '单位填写任职期满聘任职称考核结果',
    '单位填写基层单位考核推荐意见',
    '单位填写公示情况',
    '个人报送单位',
    '单位退回个人修改',
    '个人报送单位',
  ]);
  await expect(page.getByRole('link', { name: '导出Excel' })).toHaveAttribute('href', /operation-log\.xlsx/);
  // Times to the second: steps within one minute still show their order.
  const times = page.getByTestId('operation-log').locator('tbody tr:not(.log-detail) td:nth-child(3)');
  await expect(times.first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  // A row opens to its detail: the reason of the return, the target of the 报送.
  const returned = page.getByTestId('operation-log').locator('tbody').filter({ hasText: '单位退回个人修改' });
  await returned.getByRole('button', { name: /详情/ }).click();
  await expect(returned.getByTestId('operation-detail')).toContainText('原因');
  await expect(returned.getByTestId('operation-detail')).toContainText('请补充继续教育记录');
  await expect(returned.getByTestId('operation-detail')).toContainText(DEMO_UNIT);
  const forwarded = page.getByTestId('operation-log').locator('tbody').filter({ hasText: '单位审核报送' });
  await forwarded.getByRole('button', { name: /详情/ }).click();
  await expect(forwarded.getByTestId('operation-detail')).toContainText('报送至南宁市职称改革工作领导小组办公室');

  // Under 全部 the forwarded declaration can only be looked at now.
  await gotoHydrated(page, '/staff');
  await page.getByLabel('申报状态').selectOption({ label: '全部' });
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.getByRole('row').filter({ hasText: applicant.name });
  await expect(row.getByRole('link', { name: '查看' })).toBeVisible();
  await expect(row.getByRole('link', { name: '审核' })).toHaveCount(0);
});

test('a 初级 declaration is forwarded without the 审议小组 opinion', async ({ page, request }) => {
  const applicant = await registerPerson(request, '申报人乙');
  // Set-up through the server functions: the applicant's UI is covered above.
  await signInPerson(page, applicant.phone, applicant.password);
  const api = page.request;
  const options = await (await api.post('/api/declarations/load_declaration_options', { data: { choosable: true } })).json();
  const units = await (await api.post('/api/units/search_units', { data: { keyword: DEMO_UNIT } })).json();
  const [batch] = await (await api.post('/api/declarations/unit_batches', { data: { unit_id: units[0].id } })).json();
  const id = await (await api.post('/api/declarations/create_declaration', { data: { input: {
    business: 'Recognition', batch_id: batch.id, unit_id: units[0].id, series_id: options.series[0].id,
    specialty_id: options.series[0].specialties[0][0], level: 'Junior',
  } } })).json();
  const upload = await (await api.post('/upload?purpose=attachment', { multipart: { file: PDF_FILE } })).json();
  const save = await api.post('/api/declarations/save_declaration', { data: { input: {
    id, version: 0, commitment: true, attachments: [upload.id],
    form: {
      work_start: '2022-07', current_post: '助理工程师',
      education: [{ start: '2018-09', end: '2022-06', school: '广西民族大学', major: '软件工程', education: '本科' }],
      experience: [{ start: '2022-07', end: '', employer: DEMO_UNIT, position: '技术员' }],
      appraisals: [{ year: '2025', result: '合格' }],
    },
  } } });
  expect(save.status()).toBe(200);
  const saved = await save.json();
  expect((await api.post('/api/declarations/submit_declaration', { data: { id, version: saved.version } })).status()).toBe(200);
  await signOut(page);

  await signInStaff(page, DEMO_UNIT, DEMO_STAFF.account, DEMO_STAFF.password);
  await openFromTodo(page, applicant.name);
  await expect(page.getByText('申报初级职称不需要填写单位审议小组审议推荐意见。')).toBeVisible();
  await expect(page.getByRole('button', { name: '保存审议推荐意见' })).toHaveCount(0);
  await fillCommonOpinions(page);
  await forwardToOffice(page);
  await expect(page.getByTestId('status-badge')).toHaveText('待职改办审核');
});
