// Result builders that do not start from a snapshot: a located trace (the `prodlens locate` engine) and the
// doctor's findings.
import type { Finding } from '../../core/diagnostics/types';
import { locateDocument, type LocateDocument, type LocatedTrace } from '../traceLocator';
import { CAP, compact, untrustedText, type Listing } from './budget';
import { frameItem } from './snapshotResults';

const MAX_CANDIDATES = 5;

/** The envelope (format, exception, crash frame) and one item per frame in printed order. */
export function locateResult(located: LocatedTrace): { envelope: Record<string, unknown>; items: Listing<LocateDocument['frames'][number]> } {
  const doc = locateDocument(located);
  const crash = doc.crashFrame !== null ? doc.frames[doc.crashFrame]?.location : undefined;
  const envelope = compact({
    format: doc.source,
    language: doc.language ?? undefined,
    crashFrame: doc.crashFrame ?? undefined,
    crashAt: crash ? `${crash.file}:${crash.line}` : undefined,
    mappedFrames: doc.frames.filter((f) => f.location).length,
    truncated: doc.truncated,
    untrusted: compact({
      exceptionType: untrustedText(doc.exception?.type ?? undefined, CAP.title),
      exceptionMessage: untrustedText(doc.exception?.message ?? undefined, CAP.message),
      reason: untrustedText(doc.reason ?? undefined, CAP.reason),
    }),
  });
  const items: Listing<LocateDocument['frames'][number]> = { all: doc.frames, build: (f) => compact({
    index: f.index,
    ...frameItem(f, { location: f.location ? { ...f.location, column: f.location.column ?? undefined, confidence: 'high', reason: '' } : null, unmapped: f.unmapped }),
    // Workspace files the frame could be: from the index, not from production.
    candidates: f.candidates.length ? f.candidates.slice(0, MAX_CANDIDATES).map((c) => c.slice(0, CAP.path)) : undefined,
  }) };
  return { envelope, items };
}

/** Problems first: what the caller came for. */
const LEVEL_ORDER: Record<Finding['level'], number> = { error: 0, warning: 1, info: 2, ok: 3 };

export function findingItems(findings: readonly Finding[]): Listing<Finding> {
  return {
    all: [...findings].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]),
    build: (f) => compact({
      level: f.level,
      code: untrustedText(f.code, CAP.id),
      service: untrustedText(f.service, CAP.id),
      // Titles and fixes are the doctor's sentences; they may quote a label or path, so they are cleaned and capped too.
      title: untrustedText(f.title, CAP.message),
      fix: untrustedText(f.fix, CAP.message),
      untrusted: f.detail ? { detail: untrustedText(f.detail, CAP.message) } : undefined,
    }),
  };
}
