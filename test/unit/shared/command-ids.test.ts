import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMAND_IDS } from '../../../src/shared/command-ids';

const root = new URL('../../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; walkthroughs: Array<{ steps: Array<{ completionEvents?: string[] }> }> };
};
const ids = Object.values(COMMAND_IDS) as string[];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('the manifest contributes exactly the commands of COMMAND_IDS', () => {
  const declared = pkg.contributes.commands.map((c) => c.command);
  assert.equal(new Set(declared).size, declared.length, 'a command is declared twice');
  assert.deepEqual([...declared].sort(), [...ids].sort());
});

test('command names and ids agree (antigravity.<name>) and ids are unique', () => {
  for (const [name, id] of Object.entries(COMMAND_IDS)) assert.equal(id, `antigravity.${name}`);
  assert.equal(new Set(ids).size, ids.length);
});

test('walkthrough completion events name only known commands', () => {
  const events = pkg.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => s.completionEvents ?? []));
  const commands = events.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
  assert.ok(commands.length > 0);
  for (const c of commands) assert.ok(ids.includes(c), c);
});

test('no source file spells a command id itself: they are typed once, in src/shared/command-ids.ts', () => {
  const offenders: string[] = [];
  for (const f of files(join(root, 'src'))) {
    if (f.endsWith('src/shared/command-ids.ts')) continue;
    const text = readFileSync(f, 'utf8');
    for (const id of ids) if (text.includes(`'${id}'`) || text.includes(`"${id}"`) || text.includes(`\`${id}\``)) offenders.push(`${f.slice(root.length)}: ${id}`);
  }
  assert.deepEqual(offenders, []);
});
