import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProxyError } from '../../../src/core/errors';
import { AccountStates, PROBE_BACKOFF_MS } from '../../../src/upstream/account-state';
import { createReprober } from '../../../src/upstream/reprobe';
import { account, T0 } from './helpers';

const dead = { kind: 'anthropic' as const, error: new ProxyError('authentication', 'invalid x-api-key', { status: 401 }) };

describe('re-probe backoff of a disabled account', () => {
  it('30 s, 1 min, 2 min … capped at 30 min; a revival still counts; only a served request resets it', () => {
    assert.deepEqual([PROBE_BACKOFF_MS[0], PROBE_BACKOFF_MS.at(-1)], [30_000, 1_800_000]);
    const s = new AccountStates();
    s.recordFailure('a', 'm', dead, T0);
    assert.deepEqual([s.get('a').disabledAt, s.get('a').nextProbeAt], [T0, T0 + 30_000]);
    assert.equal(s.probeFailed('a', T0 + 30_000), T0 + 30_000 + 60_000);
    assert.equal(s.probeFailed('a', T0), T0 + 120_000);
    for (let i = 0; i < 10; i++) s.probeFailed('a', T0);
    assert.equal(s.get('a').nextProbeAt, T0 + 1_800_000, 'capped');
    const t = new AccountStates();
    t.recordFailure('a', 'm', dead, T0);
    t.revive('a'); // the models list answered, generate still fails (no billing):
    assert.equal(t.isDisabled('a'), false);
    t.recordFailure('a', 'm', dead, T0);
    assert.equal(t.get('a').nextProbeAt, T0 + 60_000, 'the next round waits longer');
    t.revive('a');
    t.recordSuccess('a', 'm');
    t.recordFailure('a', 'm', dead, T0);
    assert.equal(t.get('a').nextProbeAt, T0 + 30_000, 'a served request starts over');
  });

  it('probes when due, backs off while the probe fails, revives on success; never probes in-process kinds', async () => {
    const states = new AccountStates([20, 40]);
    const acc = account('a', 'anthropic', { baseUrl: 'http://127.0.0.1:9' });
    let alive = false;
    const probed: number[] = [];
    const r = createReprober(states, {
      now: Date.now,
      account: (id) => (id === 'a' ? acc : id === 'lm' ? account('lm', 'vscode-lm') : undefined),
      probe: async () => (probed.push(Date.now()), alive),
    });
    try {
      states.recordFailure('a', 'm', dead, Date.now());
      r.schedule('a');
      await new Promise((res) => setTimeout(res, 45));
      assert.ok(probed.length >= 1 && states.isDisabled('a'));
      alive = true;
      await new Promise((res) => setTimeout(res, 120));
      assert.equal(states.isDisabled('a'), false);
      assert.equal(states.get('a').nextProbeAt, undefined);
      const n = probed.length;
      await new Promise((res) => setTimeout(res, 60));
      assert.equal(probed.length, n, 'no probe once it is back');
      states.recordFailure('lm', 'm', { ...dead, kind: 'vscode-lm' }, Date.now());
      r.schedule('lm');
      assert.equal(states.get('lm').nextProbeAt, undefined, 'no models list to ask: stays disabled until the config changes');
    } finally {
      r.close();
    }
  });
});
