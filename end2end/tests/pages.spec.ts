import { test, expect, Page, APIRequestContext } from '@playwright/test';
import { CAPTCHA, DEMO_STAFF, DEMO_UNIT, PDF_FILE, registerPerson } from './helpers';

// Every page of every role is loaded from scratch (server-rendered, then
// hydrated), not only reached by a click inside an app already running: a
// page whose server HTML the browser reshapes (a <Suspense> among <option>s
// did that) fails only on a full load.

const errors: string[] = [];
test.beforeEach(({ page }) => {
  errors.length = 0;
  page.on('pageerror', e => errors.push(e.message));
  // The 404 page's own status is not an error of the page.
  page.on('console', m => {
    if (m.type() === 'error' && !m.text().includes('status of 404')) errors.push(m.text().slice(0, 500));
  });
});

async function loads(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('body[data-hydrated="true"]'), `${url} hydrates`).toHaveCount(1);
  expect(errors, `${url} logs no error`).toEqual([]);
}

async function ticket(api: APIRequestContext) {
  return (await api.post('/api/captcha/new', { data: {} })).json();
}

async function demoUnitId(api: APIRequestContext) {
  const units = await (await api.post('/api/units/search_units', { data: { keyword: DEMO_UNIT } })).json();
  return units[0].id as string;
}

test('every public page hydrates on a full load', async ({ page }) => {
  for (const url of ['/', '/login', '/login?tab=unit', '/login?tab=staff', '/register', '/forgot', '/unit/register',
    '/unit/forgot', '/help/accounts', '/manage/login', '/verify', '/no-such-page']) {
    await loads(page, url);
  }
  // The offices reach their own sign-in from the portal's.
  await loads(page, '/login');
  await page.getByRole('link', { name: '管理部门登录' }).click();
  await expect(page).toHaveURL(/\/manage\/login$/);
  await expect(page.getByRole('heading', { name: '管理端登录' })).toBeVisible();
});

test('every page of an applicant, the unit staff, the unit and an office hydrates on a full load', async ({ page, request }) => {
  // An applicant with a declaration sent to the demo unit.
  const applicant = await registerPerson(request, '页面甲');
  const api = page.request;
  let res = await api.post('/api/accounts/sign_in_person', { data: { input: {
    account: applicant.phone, password: applicant.password, captcha_id: await ticket(api), captcha: CAPTCHA } } });
  expect(res.status()).toBe(200);
  const unitId = await demoUnitId(api);
  const options = await (await api.post('/api/declarations/load_declaration_options', { data: { choosable: true } })).json();
  const [batch] = await (await api.post('/api/declarations/unit_batches', { data: { unit_id: unitId } })).json();
  const id = await (await api.post('/api/declarations/create_declaration', { data: { input: {
    business: 'Recognition', batch_id: batch.id, unit_id: unitId, series_id: options.series[0].id,
    specialty_id: options.series[0].specialties[0][0], level: 'Assistant' } } })).json();
  for (const url of ['/person', '/person/password', '/person/declarations', '/person/declarations/new',
    '/person/messages', '/person/units', '/person/certificates', `/person/declarations/${id}`]) {
    await loads(page, url);
  }
  const upload = await (await api.post('/upload?purpose=attachment', { multipart: { file: PDF_FILE } })).json();
  const saved = await (await api.post('/api/declarations/save_declaration', { data: { input: {
    id, version: 0, commitment: true, attachments: [upload.id], form: {
      work_start: '2020-07', current_post: '助理工程师',
      education: [{ start: '2016-09', end: '2020-06', school: '广西大学', major: '软件工程', education: '本科' }],
      experience: [{ start: '2020-07', end: '', employer: DEMO_UNIT, position: '技术员' }],
      appraisals: [{ year: '2025', result: '合格' }] } } } })).json();
  res = await api.post('/api/declarations/submit_declaration', { data: { id, version: saved.version } });
  expect(res.status()).toBe(200);
  await loads(page, `/person/declarations/${id}`);
  await api.post('/api/accounts/sign_out', { data: {} });

  // The demo unit's staff member.
  res = await api.post('/api/units/sign_in_staff', { data: { input: {
    unit_id: unitId, account: DEMO_STAFF.account, password: DEMO_STAFF.password, captcha_id: await ticket(api), captcha: CAPTCHA } } });
  expect(res.status()).toBe(200);
  for (const url of ['/staff', '/staff/log', '/staff/downloads', '/staff/certificates', '/staff/messages',
    `/staff/declarations/${id}`]) {
    await loads(page, url);
  }
  await expect(page.getByLabel('报送人事主管部门')).toContainText('南宁市职称改革工作领导小组办公室');
  await api.post('/api/accounts/sign_out', { data: {} });

  // The demo unit's own account.
  const body = '91450100MA5K0DEM0';
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = body.split('').reduce((acc, c, i) => acc + alphabet.indexOf(c) * weights[i], 0);
  const creditCode = body + alphabet[(31 - (sum % 31)) % 31];
  res = await api.post('/api/units/sign_in_unit', { data: { input: {
    unit_id: unitId, credit_code: creditCode, password: 'Demo@2026', captcha_id: await ticket(api), captcha: CAPTCHA } } });
  expect(res.status()).toBe(200);
  for (const url of ['/unit', '/unit/info', '/unit/renames', '/unit/contacts', '/unit/staff']) {
    await loads(page, url);
  }
  await api.post('/api/accounts/sign_out', { data: {} });

  // An office.
  res = await api.post('/api/accounts/sign_in_officer', { data: { input: {
    username: 'nnzgb', password: 'Demo@2026', captcha_id: await ticket(api), captcha: CAPTCHA } } });
  expect(res.status()).toBe(200);
  for (const url of ['/manage', '/manage/units', '/manage/declarations', '/manage/done', '/manage/search']) {
    await loads(page, url);
  }
});

test('the sign-in page loads no role\'s pages; a role\'s page brings its area\'s chunk once', async ({ page }) => {
  // The build is split (`cargo leptos build --split`): each role's area is
  // a lazy wasm file `split_<area>_area_…` of its own (app/src/lib.rs).
  const fetched: string[] = [];
  page.on('request', r => {
    const file = new URL(r.url()).pathname.split('/').pop() ?? '';
    if (file.endsWith('.wasm')) fetched.push(file);
  });
  await loads(page, '/login');
  expect(fetched.filter(f => f.startsWith('split_')), 'the sign-in page needs no area').toEqual([]);

  const api = page.request;
  const res = await api.post('/api/units/sign_in_staff', { data: { input: {
    unit_id: await demoUnitId(api), account: DEMO_STAFF.account, password: DEMO_STAFF.password,
    captcha_id: await ticket(api), captcha: CAPTCHA } } });
  expect(res.status()).toBe(200);
  fetched.length = 0;
  await loads(page, '/staff');
  const areas = fetched.filter(f => f.startsWith('split_'));
  expect(areas.some(f => f.startsWith('split_staff_area_')), '待办事项 brings the staff area').toBe(true);
  expect(areas.filter(f => !f.startsWith('split_staff_area_')), 'and no other area').toEqual([]);
  await expect(page.getByRole('heading', { name: '待办事项' })).toBeVisible();

  // Another page of the same area opens without fetching anything more.
  fetched.length = 0;
  await page.getByRole('link', { name: '操作记录' }).first().click();
  await expect(page).toHaveURL(/\/staff\/log$/);
  await expect(page.getByRole('heading', { name: '操作记录' })).toBeVisible();
  expect(fetched.filter(f => f.startsWith('split_'))).toEqual([]);
  expect(errors).toEqual([]);
});
