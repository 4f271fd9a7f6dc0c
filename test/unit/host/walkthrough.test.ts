/**
 * The walkthrough (package.json contributes.walkthroughs, issue 16): the order a user needs,
 * completion by context keys the host really sets (so the panel's buttons complete steps too),
 * command links that exist, and no hard-coded port or wrong status bar claims.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { COMMAND_IDS, OPEN_SETTINGS_COMMAND } from '../../../src/shared/command-ids';
import { installVscodeFake } from './vscode-fake';

const fake = installVscodeFake();
let WALKTHROUGH_CONTEXT: typeof import('../../../src/host/walkthrough').WALKTHROUGH_CONTEXT;
let setWalkthroughContext: typeof import('../../../src/host/walkthrough').setWalkthroughContext;
before(async () => {
  ({ WALKTHROUGH_CONTEXT, setWalkthroughContext } = await import('../../../src/host/walkthrough'));
});

const root = new URL('../../../', import.meta.url).pathname;
const json = (f: string) => JSON.parse(readFileSync(root + f, 'utf8')) as Record<string, unknown>;
interface Step { id: string; title: string; description: string; media: { markdown: string }; completionEvents: string[] }
const steps = () => ((json('package.json').contributes as { walkthroughs: Array<{ steps: Step[] }> }).walkthroughs[0]!).steps;
const nls = (file: string, ref: string) => (json(file) as Record<string, string>)[ref.slice(1, -1)]!;

test('steps in the order a user needs them: account → start → health → client setup', () => {
  assert.deepEqual(steps().map((s) => s.id), ['account', 'start', 'health', 'setup']);
});

test('every step completes on a context key the host sets, or a command the panel button runs too', () => {
  const keys = new Set<string>(Object.values(WALKTHROUGH_CONTEXT));
  // onCommand only fires for commands, not for host functions: allowed only where the panel's
  // button executes that very command.
  const panel = readFileSync(root + 'src/host/panel/panel-controller.ts', 'utf8');
  for (const s of steps()) {
    assert.ok(s.completionEvents.some((e) => e.startsWith('onContext:')), s.id);
    for (const e of s.completionEvents) {
      const ctx = /^onContext:(.+)$/.exec(e);
      const cmd = /^onCommand:antigravity\.(\w+)$/.exec(e);
      if (cmd) assert.ok(panel.includes(`executeCommand(COMMAND_IDS.${cmd[1]})`), `${s.id}: the panel does not run ${e}`);
      else assert.ok(ctx && keys.has(ctx[1]!), `${s.id}: ${e} is not a key of WALKTHROUGH_CONTEXT`);
    }
  }
  setWalkthroughContext(WALKTHROUGH_CONTEXT.healthChecked, true);
  assert.equal(fake.contexts.get('antigravity.healthChecked'), true);
});

test('command links point at our commands (or the settings editor); descriptions exist in English and German', () => {
  const known = new Set<string>([...Object.values(COMMAND_IDS), OPEN_SETTINGS_COMMAND]);
  for (const file of ['package.nls.json', 'package.nls.de.json']) {
    for (const s of steps()) {
      const text = nls(file, s.description);
      assert.ok(nls(file, s.title), `${file}: ${s.id} title`);
      const links = [...text.matchAll(/\(command:([\w.]+)(\?[^)]*)?\)/g)];
      assert.ok(links.length > 0, `${file}: ${s.id} has an action`);
      for (const [, cmd, query] of links) {
        assert.ok(known.has(cmd!), `${file}: ${cmd}`);
        if (query) assert.ok(Array.isArray(JSON.parse(decodeURIComponent(query.slice(1)))), `${file}: ${cmd} arguments are a JSON array`);
      }
    }
  }
  const account = nls('package.nls.json', steps()[0]!.description);
  assert.match(account, /command:antigravity\.addAccount\)/);
  assert.match(account, /command:antigravity\.addAccount\?%5B%22vscode-lm%22%5D\)/, 'the VS Code models shortcut');
});

test('texts name the port setting instead of a fixed port, and say the status bar opens the panel', () => {
  for (const s of steps()) {
    const md = root + s.media.markdown;
    assert.ok(existsSync(md), md);
    const all = [readFileSync(md, 'utf8'), nls('package.nls.json', s.description)].join('\n');
    for (const m of all.matchAll(/8045/g)) {
      assert.match(all.slice(m.index, m.index + 40), /^8045 unless you changed it/, `${s.id}: a bare 8045`);
    }
    assert.doesNotMatch(all, /click(ing)? the status bar[^.]*start/i, `${s.id}: the status bar opens the panel, it does not start`);
  }
  const start = readFileSync(root + 'media/walkthrough/start.md', 'utf8') + nls('package.nls.json', steps()[1]!.description);
  assert.match(start, /antigravity\.proxy\.port/);
  assert.match(start, /opens the API Proxy panel/i);
});
