import * as assert from 'node:assert/strict';
import { fireAndLog } from '../../../src/core/async';
import type { Logger } from '../../../src/core/log';

function recordingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string, ...args: unknown[]) => {
    lines.push([level, message, ...args.map((a) => (a instanceof Error ? a.message : String(a)))].join(' '));
  };
  return { log: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') }, lines };
}

describe('fireAndLog', () => {
  it('logs a rejection as "<what> failed" with the reason, and leaves no unhandled rejection', async () => {
    const { log, lines } = recordingLogger();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const work = Promise.reject(new Error('socket hang up'));
      fireAndLog(work, log, 'Saving snapshots');
      // Node reports unhandled rejections when the microtasks of a tick are done, before the next macrotask.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(lines, ['error Saving snapshots failed: socket hang up']);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('logs nothing when the work succeeds', async () => {
    const { log, lines } = recordingLogger();
    fireAndLog(Promise.resolve(42), log, 'Refresh');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(lines, []);
  });
});
