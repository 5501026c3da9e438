// `keuzehulp advisers …` (accounts for the adviser console) and `keuzehulp audit` (who did what, and when).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openStore } from '../store/index.js';
import { addAdviser, normalizeEmail } from '../handoff/auth.js';
import { MIN_PASSWORD_LENGTH, hashPassword } from '../handoff/passwords.js';
import type { Io } from './index.js';

/** The password: the first line of stdin (piped), or typed without echo on a terminal. */
async function readPassword(io: Io): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
    process.stderr.write('Password: ');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let password = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: string) => {
          for (const ch of chunk) {
            if (ch === '\r' || ch === '\n') return done();
            if (ch === '\u0003') return done(new Error('cancelled'));
            if (ch === '\u007f') password = password.slice(0, -1);
            else password += ch;
          }
        };
        const done = (error?: Error) => {
          stdin.off('data', onData);
          if (error) reject(error);
          else resolve();
        };
        stdin.on('data', onData);
      });
    } finally {
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    }
    return password;
  }
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

const ADVISERS_USAGE = `Usage:
  keuzehulp advisers add EMAIL --name NAME [--role admin]   (password from stdin, at least ${MIN_PASSWORD_LENGTH} characters)
  keuzehulp advisers password EMAIL                          (new password from stdin; ends that adviser's sessions)
  keuzehulp advisers list [--json]
  keuzehulp advisers remove EMAIL`;

export async function advisersCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' } },
  });
  const email = positionals[0];
  if (!sub || !['add', 'list', 'remove', 'password'].includes(sub) || (sub !== 'list' && !email)) {
    io.err(ADVISERS_USAGE);
    return 2;
  }
  if (values.role !== undefined && values.role !== 'admin' && values.role !== 'adviser') {
    io.err('--role is admin or adviser');
    return 2;
  }
  const store = openStore(loadConfig().databaseUrl);
  try {
    const desk = store.desk();
    switch (sub) {
      case 'add': {
        if (!values.name) {
          io.err(`--name is required\n\n${ADVISERS_USAGE}`);
          return 2;
        }
        const password = await readPassword(io);
        try {
          const account = await addAdviser(desk, { email: email!, name: values.name, role: values.role === 'admin' ? 'admin' : 'adviser', password });
          io.out(`added ${account.email} (${account.name}, ${account.role})`);
          return 0;
        } catch (error) {
          io.err(error instanceof Error ? error.message : String(error));
          return 1;
        }
      }
      case 'password': {
        const password = await readPassword(io);
        if (password.length < MIN_PASSWORD_LENGTH) {
          io.err(`The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
          return 1;
        }
        const changed = await desk.setPassword(normalizeEmail(email!), await hashPassword(password));
        io.out(changed ? `password changed for ${normalizeEmail(email!)}` : `no adviser ${email}`);
        return changed ? 0 : 1;
      }
      case 'remove': {
        const removed = await desk.removeAdviser(normalizeEmail(email!));
        io.out(removed ? `removed ${normalizeEmail(email!)}` : `no adviser ${email}`);
        return removed ? 0 : 1;
      }
      default: {
        const advisers = (await desk.listAdvisers()).map(({ email: e, name, role, createdAt }) => ({ email: e, name, role, createdAt }));
        if (values.json) for (const a of advisers) io.out(JSON.stringify(a));
        else for (const a of advisers) io.out(`${a.email}\t${a.name}\t${a.role}\t${a.createdAt}`);
        return 0;
      }
    }
  } finally {
    await store.close();
  }
}

export async function auditCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { since: { type: 'string' }, conversation: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) {
    io.err('--since takes a date or time, e.g. 2026-11-01 or 2026-11-01T09:00:00Z');
    return 2;
  }
  const limit = values.limit === undefined ? 10_000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    io.err('--limit takes a whole number of at least 1');
    return 2;
  }
  const store = openStore(loadConfig().databaseUrl);
  try {
    const entries = await store.desk().listAudit({
      ...(values.since ? { since: new Date(values.since).toISOString() } : {}),
      ...(values.conversation ? { conversationId: values.conversation } : {}),
      limit,
    });
    for (const e of entries) {
      io.out(values.json ? JSON.stringify(e) : [e.at, e.actor, e.action, e.conversationId ?? '-', e.detail ?? ''].join('\t').trimEnd());
    }
    return 0;
  } finally {
    await store.close();
  }
}
