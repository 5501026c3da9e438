// The `keuzehulp` command as people and scripts call it: a real process, real stdin and stdout.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIR, ROOT } from './helpers.js';

const BIN = path.join(ROOT, 'bin', 'keuzehulp.js');
const run = (args: string[], input?: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

describe('keuzehulp understand', () => {
  it('prints one JSON object with exactly the contract keys', () => {
    const result = run(['understand', 'ik heb schulden en de deurwaarder komt morgen']);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['text', 'language', 'theme', 'themes', 'audience', 'crisis', 'maatwerk', 'signals', 'command', 'why']);
    expect(json).toMatchObject({ language: 'nl', theme: 'geldzorgen', crisis: false, maatwerk: true, command: null });
    expect(json.signals).toContain('urgent');
  });

  it('--jsonl answers one line per input line, in order, and keeps going after a bad line', () => {
    const input = [
      JSON.stringify({ text: 'ik voel me eenzaam', id: 7 }),
      'not json',
      JSON.stringify({ text: 'I want to volunteer in my neighbourhood' }),
      JSON.stringify({ text: '' }),
    ].join('\n');
    const result = run(['understand', '--jsonl'], input);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].theme).toBe('eenzaamheid');
    expect(lines[1].error).toMatch(/line 2/);
    expect(lines[2]).toMatchObject({ theme: 'helpen', language: 'en', audience: 'helper' });
    expect(lines[3]).toMatchObject({ text: '', theme: null });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/line 2/);
  });
});

describe('keuzehulp content check', () => {
  it('passes the bundled content and prints the readability report', () => {
    const result = run(['content', 'check']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/10 themes, \d+ offerings/);
    expect(result.stdout).toMatch(/FD +\d+/);
    expect(result.stdout).toMatch(/^0 errors, \d+ warnings$/m);
  });

  it('exits 1 with file:line messages on broken content', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-cli-'));
    try {
      cpSync(CONTENT_DIR, dir, { recursive: true });
      const file = path.join(dir, 'offerings', 'nibud.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^route: basis$/m, 'route: zelfhulp'));
      const result = run(['content', 'check'], undefined, { CONTENT_DIR: dir });
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^offerings\/nibud\.yaml:\d+: error: route: /m);
      // Start-up commands refuse the same content with the same message.
      const understand = run(['understand', 'hallo'], undefined, { CONTENT_DIR: dir });
      expect(understand.status).toBe(1);
      expect(understand.stderr).toMatch(/offerings\/nibud\.yaml:\d+: error: route: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('keuzehulp eval', () => {
  const file = path.join(ROOT, 'test', 'understanding', 'crisis.jsonl');

  it('prints accuracy, confusion, recall, false alarms and latency', () => {
    const result = run(['eval', file]);
    expect(result.status).toBe(0);
    for (const label of ['theme accuracy', 'crisis recall', 'crisis false alarms', 'maatwerk recall', 'maatwerk precision', 'audience accuracy', 'latency p50 / p99', 'theme confusion']) {
      expect(result.stdout).toContain(label);
    }
  });

  it('fails with exit code 1 when a gate is not met', () => {
    const result = run(['eval', file, '--min-theme-accuracy', '1.01']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/FAIL: theme accuracy/);
  });

  it('rejects a badly labelled file with its line number', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-eval-'));
    try {
      const bad = path.join(dir, 'bad.jsonl');
      writeFileSync(bad, `${JSON.stringify({ text: 'x', theme: null, crisis: 'yes', maatwerk: false })}\n`);
      const result = run(['eval', bad]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/bad\.jsonl:1: crisis/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains how to use it when called wrongly', () => {
    const result = run(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown command "frobnicate"/);
  });
});

describe('keuzehulp advisers and audit', () => {
  it('adds accounts with the password from stdin (scrypt hash only), refuses bad input, lists, and prints the audit log', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-cli-desk-'));
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'k.db')}` };
    try {
      const added = run(['advisers', 'add', 'Sanne@Voorbeeld.nl', '--name', 'Sanne de Vries'], 'een heel lang wachtwoord\n', env);
      expect(added.stderr).toBe('');
      expect(added.stdout.trim()).toBe('added sanne@voorbeeld.nl (Sanne de Vries, adviser)');
      expect(run(['advisers', 'add', 'ahmed@voorbeeld.nl', '--name', 'Ahmed', '--role', 'admin'], 'nog een lang wachtwoord\n', env).status).toBe(0);
      // Twice the same address, a short password, no name, a bad role, not an address: clear errors, nothing made.
      const again = run(['advisers', 'add', 'sanne@voorbeeld.nl', '--name', 'Sanne'], 'een heel lang wachtwoord\n', env);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already exists/);
      expect(run(['advisers', 'add', 'kort@voorbeeld.nl', '--name', 'Kort'], 'kort\n', env).stderr).toMatch(/at least 12 characters/);
      expect(run(['advisers', 'add', 'x@voorbeeld.nl'], 'een heel lang wachtwoord\n', env).status).toBe(2);
      expect(run(['advisers', 'add', 'x@voorbeeld.nl', '--name', 'X', '--role', 'baas'], 'een heel lang wachtwoord\n', env).status).toBe(2);
      expect(run(['advisers', 'add', 'geen-adres', '--name', 'X'], 'een heel lang wachtwoord\n', env).stderr).toMatch(/not an e-mail address/);

      const listed = run(['advisers', 'list', '--json'], undefined, env).stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(listed.map((a) => [a.email, a.role])).toEqual([['ahmed@voorbeeld.nl', 'admin'], ['sanne@voorbeeld.nl', 'adviser']]);
      expect(JSON.stringify(listed)).not.toMatch(/wachtwoord|scrypt/);

      // The database holds a scrypt hash, never the password.
      const { SqliteConversationStore } = await import('../src/store/sqlite.js');
      const store = SqliteConversationStore.open(path.join(dir, 'k.db'), { backgroundCheckpoints: false });
      const account = await store.desk().getAdviser('sanne@voorbeeld.nl');
      expect(account!.passwordHash).toMatch(/^scrypt\$/);
      expect(account!.passwordHash).not.toContain('wachtwoord');
      await store.desk().audit({ at: '2026-11-23T10:00:00.000Z', actor: 'sanne@voorbeeld.nl', action: 'claimed', conversationId: 'c1', detail: null });
      await store.desk().audit({ at: '2026-11-23T10:05:00.000Z', actor: 'sanne@voorbeeld.nl', action: 'closed', conversationId: 'c1', detail: 'afgehandeld' });
      await store.desk().audit({ at: '2026-11-23T11:00:00.000Z', actor: 'ahmed@voorbeeld.nl', action: 'viewed', conversationId: 'c2', detail: null });
      await store.close();

      const audit = run(['audit'], undefined, env);
      expect(audit.status).toBe(0);
      expect(audit.stdout.trim().split('\n')).toEqual([
        '2026-11-23T10:00:00.000Z\tsanne@voorbeeld.nl\tclaimed\tc1',
        '2026-11-23T10:05:00.000Z\tsanne@voorbeeld.nl\tclosed\tc1\tafgehandeld',
        '2026-11-23T11:00:00.000Z\tahmed@voorbeeld.nl\tviewed\tc2',
      ]);
      const since = run(['audit', '--since', '2026-11-23T10:30:00Z', '--json'], undefined, env).stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(since.map((e) => e.action)).toEqual(['viewed']);
      expect(run(['audit', '--conversation', 'c1'], undefined, env).stdout.trim().split('\n')).toHaveLength(2);
      expect(run(['audit', '--since', 'gisteren'], undefined, env).status).toBe(2);

      expect(run(['advisers', 'remove', 'ahmed@voorbeeld.nl'], undefined, env).stdout.trim()).toBe('removed ahmed@voorbeeld.nl');
      expect(run(['advisers', 'remove', 'ahmed@voorbeeld.nl'], undefined, env).status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
