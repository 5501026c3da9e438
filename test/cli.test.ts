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
