// Configuration is read once from the environment, checked with zod, and says clearly what is wrong or missing.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('runs on its embedded defaults: port 3978, SQLite file, WhatsApp off with every missing setting named', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.databaseUrl).toBe('sqlite:data/keuzehulp.db');
    expect(config.adviser).toEqual({ sessionHours: 8, idleMinutes: 30, loginAttempts: 5, auditRetentionDays: 365 });
    expect(config.whatsapp).toBeUndefined();
    expect(config.whatsappMissing).toEqual(['WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_GRAPH_URL']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('turns WhatsApp on only when all five settings are there, and reads the re-engagement template', () => {
    const env = {
      WHATSAPP_VERIFY_TOKEN: 'verify',
      WHATSAPP_APP_SECRET: 'secret',
      WHATSAPP_ACCESS_TOKEN: 'token',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    };
    expect(loadConfig(env).whatsappMissing).toEqual(['WHATSAPP_GRAPH_URL']);
    const on = loadConfig({ ...env, WHATSAPP_GRAPH_URL: 'https://graph.facebook.com/v21.0/', WHATSAPP_TEMPLATE_REENGAGE: 'keuzehulp_verder:en' });
    expect(on.whatsapp).toMatchObject({ graphUrl: 'https://graph.facebook.com/v21.0', phoneNumberId: '106540352242922', reengageTemplate: { name: 'keuzehulp_verder', language: 'en' } });
    expect(on.whatsappMissing).toEqual([]);
    expect(loadConfig({ ...env, WHATSAPP_GRAPH_URL: 'https://graph.facebook.com/v21.0', WHATSAPP_TEMPLATE_REENGAGE: 'keuzehulp_verder' }).whatsapp?.reengageTemplate).toEqual({ name: 'keuzehulp_verder', language: 'nl' });
  });

  it('refuses bad values with the variable named', () => {
    expect(() => loadConfig({ WHATSAPP_PHONE_NUMBER_ID: '+31 6 1234' })).toThrow(ConfigError);
    expect(() => loadConfig({ WHATSAPP_PHONE_NUMBER_ID: '+31 6 1234' })).toThrow(/WHATSAPP_PHONE_NUMBER_ID/);
    expect(() => loadConfig({ WHATSAPP_GRAPH_URL: 'graph.facebook.com' })).toThrow(/WHATSAPP_GRAPH_URL/);
    expect(() => loadConfig({ ADVISER_LOGIN_ATTEMPTS: '0' })).toThrow(/ADVISER_LOGIN_ATTEMPTS/);
  });
});
