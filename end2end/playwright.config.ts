import { defineConfig } from '@playwright/test';
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';

// The server under test: built by `make e2e` (cargo leptos build), started
// here on its own port with a fresh SQLite folder and a fixed captcha.
const port = process.env.E2E_PORT ?? '3100';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gxzc-e2e-'));
const serverBin = process.env.E2E_SERVER_BIN ?? '../target/debug/server';
const siteRoot = process.env.E2E_SITE_ROOT ?? '../target/site';

export default defineConfig({
  testDir: './tests',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: serverBin,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      APP_ENV: 'test',
      APP_CAPTCHA_FIXED: 'TEST',
      APP_EXPOSE_OUTBOX: 'true',
      APP_DATA_DIR: dataDir,
      APP_ADMIN_PASSWORD: 'Admin@2026',
      DEMO: '1',
      RUST_LOG: 'warn',
      LEPTOS_OUTPUT_NAME: 'gxzc',
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_ENV: 'PROD',
      LEPTOS_HASH_FILES: 'true',
    },
  },
});
