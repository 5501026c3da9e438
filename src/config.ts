// Configuration: the only module that reads process.env. Parsed once with zod, then frozen.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { z } from 'zod';

/** The package root: the folder with package.json above this file (works from src/ and dist/src/). */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  CONTENT_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).default('sqlite:data/keuzehulp.db'),
  IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  // Bot Framework (Azure Bot Service, Emulator) on /api/messages.
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  BOTFRAMEWORK_ALLOW_UNAUTHENTICATED: z.enum(['true', 'false']).default('false'),
  // Self-hosted Direct Line.
  DIRECTLINE_SECRET: z.string().min(32, 'DIRECTLINE_SECRET must be at least 32 characters').optional(),
  DIRECTLINE_TOKEN_KEY_FILE: z.string().min(1).default('data/directline-token.key'),
  DIRECTLINE_TOKEN_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  WEBCHAT_ALLOWED_ORIGINS: z.string().default(''),
  WEBCHAT_TOKENS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
  // Adviser desk.
  ADVISER_HOURS: z.string().min(1).optional(),
  ADVISER_SESSION_HOURS: z.coerce.number().min(0.1).max(24).default(8),
  ADVISER_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  ADVISER_LOGIN_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  // WhatsApp Business Cloud API (on only when the first five are all set).
  WHATSAPP_VERIFY_TOKEN: z.string().min(1).optional(),
  WHATSAPP_APP_SECRET: z.string().min(1).optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(1).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d{1,30}$/, 'WHATSAPP_PHONE_NUMBER_ID is the numeric id of the business phone number').optional(),
  WHATSAPP_GRAPH_URL: z.url({ protocol: /^https?$/ }).optional(),
  WHATSAPP_TEMPLATE_REENGAGE: z.string().regex(/^[a-z0-9_]{1,512}(:[A-Za-z_]{2,10})?$/, 'WHATSAPP_TEMPLATE_REENGAGE is a template name, optionally with :language (e.g. keuzehulp_verder:nl)').optional(),
});

/** The WhatsApp settings, in the order start-up names the missing ones. */
export const WHATSAPP_REQUIRED = ['WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_GRAPH_URL'] as const;

export interface Config {
  port: number;
  host: string;
  /** Folder with gemeente.yaml, themes/, offerings/, locales/ … */
  contentDir: string;
  /** `sqlite:data/keuzehulp.db` (default, relative to the working folder), `sqlite:/abs/path.db` or `sqlite::memory:`. */
  databaseUrl: string;
  /** Minutes without a message after which the sweep closes a conversation. */
  idleMinutes: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  nodeEnv: z.infer<typeof Env>['NODE_ENV'];
  botFramework: {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    /** Only for the local Emulator: /api/messages without authentication (logged as a warning). */
    allowUnauthenticated: boolean;
  };
  directLine: {
    /** For a gemeente's own back end: `POST /v3/directline/tokens/generate` with this secret. */
    secret?: string;
    /** File with the key that signs tokens (created on first start; keeps tokens valid across restarts). */
    tokenKeyFile: string;
    tokenMinutes: number;
  };
  webchat: {
    /** Origins (scheme://host[:port]) whose pages may call Direct Line and the token endpoint. Empty: same origin only. */
    allowedOrigins: string[];
    /** New visitor tokens per minute per client address (the address is used in memory only, never stored). */
    tokensPerMinute: number;
  };
  adviser: {
    /** Overrides the advisers' hours of content/gemeente.yaml: `always`, `never`, or e.g. `Mo-Fr 09:00-17:00`. */
    hours?: string;
    /** A console session ends this long after login, whatever happens. */
    sessionHours: number;
    /** … or this long after its last request. */
    idleMinutes: number;
    /** Failed logins allowed per 15 minutes, per account and per client address. */
    loginAttempts: number;
    /** Days the audit log is kept (it holds no message text). */
    auditRetentionDays: number;
  };
  /** The WhatsApp channel: set when every required variable is; `whatsappMissing` names what is not. */
  whatsapp?: {
    verifyToken: string;
    appSecret: string;
    accessToken: string;
    phoneNumberId: string;
    /** The Graph API base including its version, e.g. https://graph.facebook.com/v21.0 (no trailing slash). */
    graphUrl: string;
    /** Template for re-engaging a person after the 24-hour window, and its language code. */
    reengageTemplate?: { name: string; language: string };
  };
  whatsappMissing: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const root = packageRoot();
  return Object.freeze({
    port: parsed.data.PORT,
    host: parsed.data.HOST,
    contentDir: path.resolve(parsed.data.CONTENT_DIR ?? path.join(root, 'content')),
    databaseUrl: parsed.data.DATABASE_URL,
    idleMinutes: parsed.data.IDLE_MINUTES,
    logLevel: parsed.data.LOG_LEVEL,
    nodeEnv: parsed.data.NODE_ENV,
    botFramework: {
      ...(parsed.data.MicrosoftAppId ? { appId: parsed.data.MicrosoftAppId } : {}),
      ...(parsed.data.MicrosoftAppPassword ? { appPassword: parsed.data.MicrosoftAppPassword } : {}),
      ...(parsed.data.MicrosoftAppTenantId ? { tenantId: parsed.data.MicrosoftAppTenantId } : {}),
      ...(parsed.data.MicrosoftAppType ? { appType: parsed.data.MicrosoftAppType } : {}),
      allowUnauthenticated: parsed.data.BOTFRAMEWORK_ALLOW_UNAUTHENTICATED === 'true',
    },
    directLine: {
      ...(parsed.data.DIRECTLINE_SECRET ? { secret: parsed.data.DIRECTLINE_SECRET } : {}),
      tokenKeyFile: path.resolve(parsed.data.DIRECTLINE_TOKEN_KEY_FILE),
      tokenMinutes: parsed.data.DIRECTLINE_TOKEN_MINUTES,
    },
    webchat: {
      allowedOrigins: parsed.data.WEBCHAT_ALLOWED_ORIGINS.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
      tokensPerMinute: parsed.data.WEBCHAT_TOKENS_PER_MINUTE,
    },
    adviser: {
      ...(parsed.data.ADVISER_HOURS ? { hours: parsed.data.ADVISER_HOURS.trim() } : {}),
      sessionHours: parsed.data.ADVISER_SESSION_HOURS,
      idleMinutes: parsed.data.ADVISER_IDLE_MINUTES,
      loginAttempts: parsed.data.ADVISER_LOGIN_ATTEMPTS,
      auditRetentionDays: parsed.data.AUDIT_RETENTION_DAYS,
    },
    ...whatsappConfig(parsed.data),
  });
}

function whatsappConfig(env: z.infer<typeof Env>): Pick<Config, 'whatsapp' | 'whatsappMissing'> {
  const missing = WHATSAPP_REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) return { whatsappMissing: [...missing] };
  const [name, language] = (env.WHATSAPP_TEMPLATE_REENGAGE ?? '').split(':');
  return {
    whatsappMissing: [],
    whatsapp: {
      verifyToken: env.WHATSAPP_VERIFY_TOKEN!,
      appSecret: env.WHATSAPP_APP_SECRET!,
      accessToken: env.WHATSAPP_ACCESS_TOKEN!,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID!,
      graphUrl: env.WHATSAPP_GRAPH_URL!.replace(/\/+$/, ''),
      ...(name ? { reengageTemplate: { name, language: language || 'nl' } } : {}),
    },
  };
}
