// Asserts a promise rejects with a BackendError of one kind, and hands the error back for detail checks.
import assert from 'node:assert/strict';
import { BackendError, type BackendErrorKind } from '../../../src/backends/errors';

export async function rejectsWithKind(promise: Promise<unknown>, kind: BackendErrorKind): Promise<BackendError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof BackendError, `expected a BackendError, got ${String(err)}`);
    assert.equal(err.kind, kind, `expected kind ${kind}, got ${err.kind}: ${err.message}`);
    return err;
  }
  assert.fail(`expected a BackendError of kind ${kind}, but the promise resolved`);
}

export function throwsWithKind(fn: () => unknown, kind: BackendErrorKind): BackendError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof BackendError, `expected a BackendError, got ${String(err)}`);
    assert.equal(err.kind, kind, `expected kind ${kind}, got ${err.kind}: ${err.message}`);
    return err;
  }
  assert.fail(`expected a BackendError of kind ${kind}, but nothing was thrown`);
}
