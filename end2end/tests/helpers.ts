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

import { APIRequestContext } from '@playwright/test';

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid 统一社会信用代码 (GB 32100). */
export function newCreditCode(): string {
  let body = '91450100';
  for (let i = 0; i < 9; i++) body += CREDIT_ALPHABET[Math.floor(Math.random() * 31)];
  const sum = body.split('').reduce((s, c, i) => s + CREDIT_ALPHABET.indexOf(c) * CREDIT_WEIGHTS[i], 0);
  return body + CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

export interface Person { name: string; id: string; phone: string; email: string; password: string }

/** Registers a person through the server function (set-up, not under test here). */
export async function registerPerson(request: APIRequestContext, name: string): Promise<Person> {
  const p = { name, id: newIdNumber(), phone: newPhone(), email: '', password: 'Staff@2026' };
  p.email = `${p.phone}@example.com`;
  const ticket = await (await request.post('/api/captcha/new', { data: {} })).json();
  const res = await request.post('/api/accounts/register_person', {
    data: { input: {
      name: p.name, id_type: 'resident', id_number: p.id, birth_date: '', gender: '', phone: p.phone,
      email: p.email, password: p.password, password_confirm: p.password, captcha_id: ticket, captcha: CAPTCHA,
    } },
  });
  expect(res.status()).toBe(200);
  return p;
}

/** Types a keyword into the 单位 field and picks the unit from the dropdown. */
export async function pickUnit(page: Page, name: string, label = '单 位') {
  const field = page.getByRole('combobox', { name: label });
  await field.fill(name.slice(0, 6));
  await page.getByRole('option', { name }).click();
  await expect(field).toHaveValue(name);
}

/** The newest message the notifier kept for a recipient (test mode only). */
export async function latestMessage(request: APIRequestContext, recipient: string): Promise<string> {
  const res = await request.get(`/__test/outbox?recipient=${encodeURIComponent(recipient)}`);
  expect(res.status()).toBe(200);
  return (await res.json()).body as string;
}

/** A tiny PNG, as a file to upload. */
export const PNG_FILE = {
  name: '营业执照.png',
  mimeType: 'image/png',
  buffer: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
};

/** Signs in through 个人账户登录. */
export async function signInPerson(page: Page, account: string, password: string) {
  await gotoHydrated(page, '/login');
  await page.getByLabel('账 号').fill(account);
  await page.getByLabel('密 码').fill(password);
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/person$/);
}

/** Signs in through 单位工作人员登录. */
export async function signInStaff(page: Page, unitName: string, account: string, password: string) {
  await gotoHydrated(page, '/login?tab=staff');
  await pickUnit(page, unitName);
  await page.getByLabel('账 号').fill(account);
  await page.getByLabel('密 码').fill(password);
  await page.getByLabel('验证码').fill(CAPTCHA);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

export async function signOut(page: Page) {
  await page.getByLabel('用户菜单').click();
  await page.getByRole('menuitem', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** The demo unit (DEMO=1) and its staff member 张三. */
export const DEMO_UNIT = '广西示范科技有限公司';
export const DEMO_STAFF = { account: '13800000001', password: 'Demo@2026' };

export const PDF_FILE = { name: '学历证书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% scan of a diploma\n') };

export async function ticket(api: APIRequestContext) {
  return (await api.post('/api/captcha/new', { data: {} })).json();
}

export async function demoUnitId(api: APIRequestContext) {
  const units = await (await api.post('/api/units/search_units', { data: { keyword: DEMO_UNIT } })).json();
  return units[0].id as string;
}

/** The unit's three opinions of a 初级 declaration (set-up through the API). */
export async function opinionsByApi(api: APIRequestContext, id: string) {
  let res = await api.post('/api/units/sign_in_staff', { data: { input: {
    unit_id: await demoUnitId(api), account: DEMO_STAFF.account, password: DEMO_STAFF.password,
    captcha_id: await ticket(api), captcha: CAPTCHA } } });
  expect(res.status()).toBe(200);
  let d = await (await api.post('/api/declarations/load_declaration', { data: { id } })).json();
  d = await (await api.post('/api/declarations/save_recommendation', { data: {
    id, version: d.version, opinion: { text: '该同志工作认真，同意推荐。' } } })).json();
  d = await (await api.post('/api/declarations/save_appraisal', { data: {
    id, version: d.version, opinion: { rows: [{ year: '2025', result: '合格' }], term_result: '合格' } } })).json();
  res = await api.post('/api/declarations/save_publicity', { data: {
    id, version: d.version, opinion: { start: '2026-10-08', end: '2026-10-14', result: '无异议', explanation: '' } } });
  expect(res.status()).toBe(200);
  await api.post('/api/accounts/sign_out', { data: {} });
}


/** A 职称认定 (初级（助理级）) created and sent to the demo unit by `applicant` through the API. */
export async function submittedByApi(api: APIRequestContext, applicant: Person): Promise<{ id: string, unitId: string }> {
  let res = await api.post('/api/accounts/sign_in_person', { data: { input: {
    account: applicant.phone, password: applicant.password, captcha_id: await ticket(api), captcha: CAPTCHA } } });
  expect(res.status()).toBe(200);
  const unitId = await demoUnitId(api);
  const options = await (await api.post('/api/declarations/load_declaration_options', { data: { choosable: true } })).json();
  const [batch] = await (await api.post('/api/declarations/unit_batches', { data: { unit_id: unitId } })).json();
  const id = await (await api.post('/api/declarations/create_declaration', { data: { input: {
    business: 'Recognition', batch_id: batch.id, unit_id: unitId, series_id: options.series[0].id,
    specialty_id: options.series[0].specialties[0][0], level: 'Assistant' } } })).json();
  const upload = await (await api.post('/upload?purpose=attachment', { multipart: { file: PDF_FILE } })).json();
  const saved = await (await api.post('/api/declarations/save_declaration', { data: { input: {
    id, version: 0, commitment: true, attachments: [upload.id], form: {
      work_start: '2020-07', current_post: '助理工程师',
      education: [{ start: '2016-09', end: '2020-06', school: '广西大学', major: '软件工程', education: '本科' }],
      experience: [{ start: '2020-07', end: '', employer: DEMO_UNIT, position: '技术员' }],
      appraisals: [{ year: '2025', result: '合格' }] } } } })).json();
  res = await api.post('/api/declarations/submit_declaration', { data: { id, version: saved.version } });
  expect(res.status()).toBe(200);
  await api.post('/api/accounts/sign_out', { data: {} });
  return { id, unitId };
}
