// The command line shared by the word-model trainers (train-crisis-model, train-theme-model, train-maatwerk-model):
//
//   (no option)   train with cross-validation and write content/<file>
//   --check       train again with the setting in the file and say whether the file is what the data gives
//   --out FILE    write or check another file
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/config.js';

export interface Trainer<T extends { crossValidation: unknown[] }> {
  /** File name under content/. */
  file: string;
  /** The npm script that trains it, named when the file is out of date. */
  command: string;
  /** With the current file: train without cross-validation, keeping its chosen setting. Without: the full run. */
  train(current: T | null): T;
  /** One line about the written model. */
  describe(model: T): string;
  /** JSON indentation of the file (small files stay readable in a diff). */
  indent?: number;
}

export function runTrainer<T extends { crossValidation: unknown[] }>(trainer: Trainer<T>): void {
  const root = packageRoot();
  const { values } = parseArgs({ options: { check: { type: 'boolean' }, out: { type: 'string' } } });
  const out = values.out ?? path.join(root, 'content', trainer.file);
  const name = `content/${trainer.file}`;
  if (values.check) {
    const current = JSON.parse(readFileSync(out, 'utf8')) as T;
    const fresh = trainer.train(current);
    const same = JSON.stringify({ ...fresh, crossValidation: [] }) === JSON.stringify({ ...current, crossValidation: [] });
    console.log(same ? `${name} is what the labelled files give` : `${name} is out of date: run ${trainer.command}`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  const model = trainer.train(null);
  writeFileSync(out, `${JSON.stringify(model, null, trainer.indent)}\n`);
  console.log(`wrote ${path.relative(root, out)}: ${trainer.describe(model)}`);
}
