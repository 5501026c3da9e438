// The `keuzehulp` command line: content check, understand, eval, chat, conversations, advisers, audit.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config.js';
import { ContentError, formatProblem, loadContentOrThrow } from '../content/load.js';
import { checkContent } from '../content/check.js';
import { importExamples } from '../content/examples.js';
import { createUnderstanding, toContract } from '../understanding/index.js';
import { evaluate, formatReport, parseLabelled } from '../understanding/evaluate.js';
import { chatCommand, conversationsCommand } from './chat.js';
import { advisersCommand, auditCommand } from './desk.js';

const USAGE = `Usage: keuzehulp <command> [options]

Commands:
  content check [--quiet]           Check content/ (schemas, cross-references, B1 readability). Exit 1 on errors.
  content examples FILE.jsonl [FILE…] --source TEXT [--holdout FILE.jsonl …] [--dry-run]
                                    Add labelled lines (as for eval) to content/examples/ as theme examples;
                                    lines of a --holdout set (one you measure with) are never added.
  understand "text"                 Print what Keuzehulp understands of one message, as JSON.
  understand --jsonl                Read JSON lines ({"text": ...}) from stdin, write one result line each.
  chat [--json] [--conversation ID] [--lang en]
                                    Talk with Keuzehulp in the terminal (numbered choices). --json reads one
                                    message per line and prints one JSON line per bot turn.
  conversations show ID [--json]    A stored conversation: state, channel, language, redacted transcript.
  conversations delete ID           Delete a stored conversation at once.
  advisers add EMAIL --name NAME [--role admin]
                                    Make an account for the adviser console (password read from stdin).
  advisers list [--json] | advisers remove EMAIL | advisers password EMAIL
  audit [--since DATE] [--conversation ID] [--limit N] [--json]
                                    Who viewed, claimed, wrote, handed back and closed what, and when.
  eval FILE.jsonl [FILE…]           Measure understanding on labelled lines.
       [--min-theme-accuracy 0.9] [--min-crisis-recall 1] [--max-crisis-false-alarm 0.02]
       [--min-maatwerk-recall 0.85] [--misses]

Environment: CONTENT_DIR (default: the bundled content/ folder), DATABASE_URL (default: sqlite:data/keuzehulp.db).`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  stdin: NodeJS.ReadableStream;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: process.stdin,
};

async function understandCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { jsonl: { type: 'boolean' } }, allowPositionals: true });
  const config = loadConfig();
  const understander = createUnderstanding(loadContentOrThrow(config.contentDir));
  if (!values.jsonl) {
    if (positionals.length === 0) {
      io.err('Give a text: keuzehulp understand "ik heb schulden" (or use --jsonl with lines on stdin).');
      return 2;
    }
    io.out(JSON.stringify(toContract(understander.understand(positionals.join(' ')))));
    return 0;
  }
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let failures = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (raw.trim() === '') continue;
    let text: unknown;
    try {
      text = (JSON.parse(raw) as { text?: unknown }).text;
    } catch {
      text = undefined;
    }
    if (typeof text !== 'string') {
      // Keep one output line per input line, so results stay aligned with their inputs.
      failures++;
      io.out(JSON.stringify({ error: `line ${lineNumber}: expected a JSON object with a "text" string` }));
      io.err(`line ${lineNumber}: expected a JSON object with a "text" string`);
      continue;
    }
    io.out(JSON.stringify(toContract(understander.understand(text))));
  }
  return failures > 0 ? 1 : 0;
}

async function contentCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'examples') return examplesCommand(rest, io);
  if (sub !== 'check') {
    io.err(USAGE);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { quiet: { type: 'boolean' } } });
  const config = loadConfig();
  const result = checkContent(config.contentDir);
  const errors = result.problems.filter((p) => p.severity === 'error');
  const warnings = result.problems.filter((p) => p.severity === 'warning');
  for (const problem of errors) io.out(formatProblem(problem));
  if (!values.quiet) for (const problem of warnings) io.out(formatProblem(problem));
  if (result.summary) {
    const s = result.summary;
    io.out('');
    io.out(`content: ${s.themes} themes, ${s.offerings} offerings (${Object.entries(s.offeringsByRoute).map(([r, n]) => `${r} ${n}`).join(', ')}), ${s.localeKeys} locale keys`);
    io.out('readability (Dutch texts per file; Flesch-Douma only from 30 words):');
    for (const file of result.readability) {
      const st = file.stats;
      const score = file.score === null ? '   –' : file.score.toFixed(0).padStart(4);
      io.out(
        `  ${file.file.padEnd(48)} FD ${score}  ${(st.words / Math.max(1, st.sentences)).toFixed(1).padStart(4)} w/s  longest ${String(st.longestSentence).padStart(2)}  long words ${st.longWords.length}`,
      );
    }
  }
  io.out('');
  io.out(`${errors.length} errors, ${warnings.length} warnings`);
  return errors.length > 0 ? 1 : 0;
}

/** Labelled lines of several files; null (with every bad line reported) when one is not valid. */
function readLabelledFiles(files: readonly string[], io: Io): ReturnType<typeof parseLabelled>['lines'] | null {
  const lines: ReturnType<typeof parseLabelled>['lines'] = [];
  let valid = true;
  for (const file of files) {
    const parsed = parseLabelled(readFileSync(file, 'utf8'), file);
    for (const e of parsed.errors) io.err(e);
    if (parsed.errors.length > 0) valid = false;
    lines.push(...parsed.lines);
  }
  return valid ? lines : null;
}

async function examplesCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { source: { type: 'string' }, 'dry-run': { type: 'boolean' }, holdout: { type: 'string', multiple: true } },
  });
  if (positionals.length === 0 || !values.source || values.source.trim().length < 10) {
    io.err('Give labelled files and say where they come from: keuzehulp content examples new.jsonl --source "…"');
    return 2;
  }
  const config = loadConfig();
  const content = loadContentOrThrow(config.contentDir);
  const understander = createUnderstanding(content);
  const lines = readLabelledFiles(positionals, io);
  if (!lines) return 2;
  const holdoutLines = readLabelledFiles(values.holdout ?? [], io);
  if (!holdoutLines) return 2;
  const holdout = holdoutLines.map((l) => l.text);
  const result = importExamples(content, lines, (text) => understander.understand(text).language, {
    source: values.source.trim(),
    dryRun: values['dry-run'] ?? false,
    holdout,
  });
  for (const problem of result.skipped.unknownTheme) io.err(problem);
  const added = Object.values(result.added).reduce((a, b) => a + b, 0);
  io.out(`${values['dry-run'] ? 'would add' : 'added'} ${added} example${added === 1 ? '' : 's'} (${Object.entries(result.added).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'})`);
  io.out(`skipped: ${result.skipped.noTheme} without a theme, ${result.skipped.crisis} crisis lines, ${result.skipped.duplicate} already known, ${result.skipped.holdout} in a held-out set, ${result.skipped.unknownTheme.length} with an unknown theme`);
  if (result.redacted > 0) io.out(`${result.redacted} lines had personal data, stored with placeholders`);
  if (values['dry-run']) return result.skipped.unknownTheme.length > 0 ? 1 : 0;
  // What was written must still load: the same check start-up does.
  const check = checkContent(config.contentDir);
  const errors = check.problems.filter((p) => p.severity === 'error');
  for (const problem of errors) io.err(formatProblem(problem));
  return errors.length > 0 || result.skipped.unknownTheme.length > 0 ? 1 : 0;
}

async function evalCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'min-theme-accuracy': { type: 'string' },
      'min-crisis-recall': { type: 'string' },
      'max-crisis-false-alarm': { type: 'string' },
      'min-maatwerk-recall': { type: 'string' },
      misses: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length === 0) {
    io.err('Give one or more labelled files: keuzehulp eval test/understanding/themes.jsonl');
    return 2;
  }
  const config = loadConfig();
  const understander = createUnderstanding(loadContentOrThrow(config.contentDir));
  const lines = readLabelledFiles(positionals, io);
  if (!lines) return 2;
  const report = evaluate(understander, lines);
  if (values.json) io.out(JSON.stringify({ ...report, misses: values.misses ? report.misses : report.misses.length }));
  else io.out(formatReport(report, { showMisses: values.misses ?? false }));
  const gates: Array<[string | undefined, number, (limit: number, value: number) => boolean, string]> = [
    [values['min-theme-accuracy'], report.theme.value, (l, v) => v >= l, 'theme accuracy'],
    [values['min-crisis-recall'], report.crisisRecall.value, (l, v) => v >= l, 'crisis recall'],
    [values['max-crisis-false-alarm'], report.crisisFalseAlarm.value, (l, v) => v <= l, 'crisis false-alarm rate'],
    [values['min-maatwerk-recall'], report.maatwerkRecall.value, (l, v) => v >= l, 'maatwerk recall'],
  ];
  let failed = false;
  for (const [limitText, value, ok, name] of gates) {
    if (limitText === undefined) continue;
    const limit = Number(limitText);
    if (!Number.isFinite(limit)) {
      io.err(`${name}: "${limitText}" is not a number`);
      return 2;
    }
    if (!ok(limit, value)) {
      io.err(`FAIL: ${name} ${value.toFixed(3)} does not meet ${limit}`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'content':
        return await contentCommand(rest, io);
      case 'understand':
        return await understandCommand(rest, io);
      case 'eval':
        return await evalCommand(rest, io);
      case 'chat':
        return await chatCommand(rest, io);
      case 'conversations':
        return await conversationsCommand(rest, io);
      case 'advisers':
        return await advisersCommand(rest, io);
      case 'audit':
        return await auditCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ContentError || error instanceof ConfigError) {
      io.err(error.message);
      return 1;
    }
    if (error instanceof TypeError && /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(String((error as NodeJS.ErrnoException).code ?? error.message))) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
