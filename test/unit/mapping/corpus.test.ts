// Runs every corpus table: each frame and each trace against its fixture workspace. Tables live in ./corpus.
import * as assert from 'node:assert/strict';
import type { MappingResult } from '../../../src/core/model';
import { mapFrame } from '../../../src/core/mapping/mapFrame';
import { mapTrace } from '../../../src/core/mapping/mapTrace';
import { parseTrace } from '../../../src/core/mapping/parse/parseTrace';
import type { CorpusTable, Expectation } from './corpus/types';
import { CORPUS } from './corpus/all';
import { contextFor, readTrace } from './workspaces';

function describeResult(r: MappingResult): string {
  return r.location ? `${r.location.file}:${r.location.line} (${r.location.reason})` : `!${r.unmapped} (${r.explanation})`;
}

export function assertExpectation(result: MappingResult, expected: Expectation, where: string): void {
  if (expected.startsWith('!')) {
    assert.equal(result.location, null, `${where}: expected ${expected}, got ${describeResult(result)}`);
    assert.equal(`!${result.unmapped}`, expected, `${where}: expected ${expected}, got ${describeResult(result)}`);
    assert.ok(result.explanation && result.explanation.length > 10, `${where}: a miss must explain itself`);
    return;
  }
  assert.ok(result.location, `${where}: expected ${expected}, got ${describeResult(result)}`);
  assert.equal(`${result.location.file}:${result.location.line}`, expected, `${where}: got ${describeResult(result)}`);
  assert.equal(result.unmapped, null);
  assert.ok(result.location.reason.length > 0, `${where}: a mapped frame must say why`);
}

function runTable(table: CorpusTable): void {
  describe(`mapping corpus: ${table.language} (${table.workspace})`, () => {
    for (const c of table.frames) {
      it(`${table.language} frame: ${c.name}`, () => {
        let frame = c.frame;
        if (c.text !== undefined) {
          const parsed = parseTrace(c.text);
          assert.equal(parsed.frames.length, 1, `expected one frame from ${JSON.stringify(c.text)}, got ${parsed.frames.length}`);
          frame = parsed.frames[0];
          assert.equal(frame.raw, c.text, 'raw keeps the source line(s) as printed');
        }
        assert.ok(frame, 'a case needs text or frame');
        const result = mapFrame(frame, contextFor(table.workspace, c.ctx));
        assertExpectation(result, c.expect, c.name);
        if (c.candidates) assert.deepEqual([...(result.candidates ?? [])].sort(), [...c.candidates].sort());
        if (c.reason) {
          const text = result.location?.reason ?? result.explanation ?? '';
          assert.ok(text.includes(c.reason), `reason "${text}" should contain "${c.reason}"`);
        }
      });
    }
    for (const t of table.traces) {
      it(`${table.language} trace: ${t.name}`, () => {
        const trace = parseTrace(readTrace(t.file, t.crlf));
        if (t.language) assert.equal(trace.language, t.language);
        assert.equal(trace.source, t.source ?? 'text');
        if (t.exception?.type !== undefined) assert.equal(trace.exception?.type, t.exception.type);
        if (t.exception?.message !== undefined) assert.equal(trace.exception?.message, t.exception.message);
        if (t.groups !== undefined) assert.equal(trace.groups.length, t.groups);
        if (t.truncated !== undefined) assert.equal(trace.truncated, t.truncated);
        const mapped = mapTrace(trace, contextFor(table.workspace, t.ctx));
        assert.equal(trace.frames.length, t.frames.length,
          `frames: ${trace.frames.map((f, i) => `\n  ${i}: ${f.raw ?? f.deployedPath} → ${describeResult(mapped.results[i])}`).join('')}`);
        t.frames.forEach((e, i) => assertExpectation(mapped.results[i], e, `frame ${i} (${trace.frames[i].raw ?? trace.frames[i].deployedPath})`));
        if (t.crash === '!none') assert.equal(mapped.crashFrame, undefined);
        else {
          assert.notEqual(mapped.crashFrame, undefined, 'expected a crash frame');
          const loc = mapped.results[mapped.crashFrame!].location!;
          assert.equal(`${loc.file}:${loc.line}`, t.crash);
        }
      });
    }
  });
}

for (const table of CORPUS) runTable(table);

describe('mapping corpus: size', () => {
  it('holds at least 300 frame expectations across the seven languages', () => {
    const count = CORPUS.reduce((n, t) => n + t.frames.length + t.traces.reduce((m, tr) => m + tr.frames.length, 0), 0);
    assert.ok(count >= 300, `only ${count} expectations`);
    assert.deepEqual(CORPUS.map((t) => t.language).sort(), ['dotnet', 'go', 'jvm', 'node', 'php', 'python', 'ruby']);
  });
});
