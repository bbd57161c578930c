// VersionService on real git repositories built by the test: a mapped snapshot's error locations (production's
// lines, in the deployed 2.14.0) are moved to the working copy with their state, a deleted line leaves the
// group saying so, the hot line gets the commit that changed it between the two deploys, and what git already
// answered is given at once by `fromCache`. Expected lines come from the markers, by construction.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DetectedService } from '../../../src/core/detect/services';
import type { CodeLocation, ErrorGroup, HealthSnapshot, MappingResult } from '../../../src/core/model';
import { createGitRunner } from '../../../src/services/git/gitRunner';
import { VersionLines } from '../../../src/services/git/versionLines';
import { VersionService } from '../../../src/services/versionService';
import { codeLines, GitRepoBuilder, isolatedGitEnv, lineOf } from '../../builders/gitRepo';

const FILE = 'src/a.ts';
const DEPLOYED_AT = Date.parse('2026-01-07T09:00:00Z');
const service: DetectedService = { name: 'svc', folders: [''], environments: [], evidence: [] };

function location(line: number): CodeLocation {
  return { file: FILE, line, confidence: 'exact', reason: 'test' };
}

function mapped(line: number): MappingResult {
  return { location: location(line), unmapped: null };
}

function group(id: string, crash: number, frames: number[], firstSeen: string): ErrorGroup {
  const mapping = mapped(crash);
  return { id, source: 'sentry', title: id, level: 'error', count: 1, firstSeen, location: mapping.location!, mapping, frameMappings: frames.map(mapped) };
}

function snapshotOf(errors: ErrorGroup[]): HealthSnapshot {
  return {
    service: 'svc', environment: 'production', window: '1h', fetchedAt: DEPLOYED_AT + 3_600_000, status: 'ok', statusReasons: [], current: { latency: {} }, series: {}, routes: [], incidents: [], backends: [], stale: false,
    errors,
    deploys: [
      { version: 'svc@2.14.0', environment: 'production', finishedAt: new Date(DEPLOYED_AT).toISOString(), source: 'sentry' },
      { version: 'svc@2.13.2', environment: 'production', finishedAt: new Date(DEPLOYED_AT - 86_400_000).toISOString(), source: 'sentry' },
    ],
  };
}

describe('VersionService: a mapped snapshot on the working copy\'s lines', () => {
  let repo: GitRepoBuilder;
  let suspect: string;
  let release: string;
  let deployed: string;
  const git = createGitRunner({ env: isolatedGitEnv() });

  before(() => {
    repo = GitRepoBuilder.create();
    const body = (crash: string) => [...codeLines('head', 3), `${crash} // MARK:crash`, ...codeLines('mid', 3), 'edit(); // MARK:edit', ...codeLines('low', 3), 'gone(); // MARK:gone', ...codeLines('tail', 3)];
    repo.write(FILE, body('crash(guard);'));
    repo.commit('2.13.2');
    repo.tag('v2.13.2');
    repo.write(FILE, body('crash();'));
    suspect = repo.commit('drop the guard');
    repo.write('README.md', 'release\n');
    release = repo.commit('2.14.0');
    repo.tag('v2.14.0', true);
    deployed = repo.git('show', `v2.14.0:${FILE}`);
    const now = deployed.split('\n').filter((l) => !l.includes('MARK:gone')).map((l) => (l.includes('MARK:edit') ? 'edit(2); // MARK:edit' : l));
    repo.write(FILE, ['// added 1', '// added 2', ...now].join('\n'));
    repo.commit('after the deploy: move, edit, delete');
  });

  after(() => repo.dispose());

  function fresh(options: { bufferOf?: (file: string) => string | undefined; dir?: string } = {}) {
    return new VersionService({ folders: () => [{ prefix: '', lines: new VersionLines(git, options.dir ?? repo.dir) }], bufferOf: options.bufferOf });
  }

  const at = (marker: string) => lineOf(deployed, marker);
  const now = (marker: string) => lineOf(repo.read(FILE), marker);
  const firstSeen = new Date(DEPLOYED_AT + 3 * 60_000).toISOString();

  it('first from cache: nothing known, every location pending on production\'s line; then translated with states', async () => {
    const versions = fresh();
    const input = snapshotOf([group('g1', at('MARK:crash'), [at('MARK:edit'), at('MARK:crash')], firstSeen), group('g2', at('MARK:gone'), [], firstSeen)]);
    const first = versions.fromCache(service, input);
    assert.equal(first.complete, false);
    assert.equal(first.snapshot.lineVersions?.state, 'pending');
    assert.deepEqual(first.snapshot.errors[0].location?.version, { version: '2.14.0', deployedLine: at('MARK:crash'), deployedFile: FILE, status: 'pending' });
    assert.equal(first.snapshot.errors[0].location?.line, at('MARK:crash'));

    const out = await versions.translate(service, input);
    assert.equal(out.lineVersions?.state, 'translated');
    const [g1, g2] = out.errors;
    assert.equal(g1.location?.line, now('MARK:crash'));
    assert.deepEqual(g1.location?.version, { version: '2.14.0', deployedLine: at('MARK:crash'), deployedFile: FILE, status: 'translated', state: 'moved', commit: release });
    assert.equal(g1.mapping?.location, g1.location, 'the group\'s location stays its mapping\'s');
    assert.deepEqual(g1.frameMappings?.map((m) => [m.location?.line, m.location?.version?.state]), [[now('MARK:edit'), 'changed'], [now('MARK:crash'), 'moved']]);
    // The deleted line: no location, and the group says why and where it was.
    assert.equal(g2.location, undefined);
    assert.equal(g2.mapping?.location, null);
    assert.equal(g2.mapping?.explanation, `code removed since 2.14.0 (was a.ts:${at('MARK:gone')})`);
    assert.deepEqual(g2.mapping?.removed, { version: '2.14.0', commit: release, file: FILE, line: at('MARK:gone') });
    // The input is untouched: the translation is a new snapshot.
    assert.equal(input.errors[0].location?.line, at('MARK:crash'));
    assert.equal(input.errors[0].location?.version, undefined);

    const again = versions.fromCache(service, input);
    assert.equal(again.complete, true);
    assert.deepEqual(again.snapshot, out);
  });

  it('the hot line\'s suspect commit between the previous deploy and this one, and when errors started after the deploy', async () => {
    const out = await fresh().translate(service, snapshotOf([group('g1', at('MARK:crash'), [], firstSeen)]));
    const s = out.errors[0].suspects!;
    assert.equal(s.version, '2.14.0');
    assert.equal(s.previousVersion, '2.13.2');
    assert.deepEqual(s.commits.map((c) => [c.sha, c.subject]), [[suspect, 'drop the guard']]);
    assert.deepEqual(s.asked, { scope: 'line', startLine: at('MARK:crash'), endLine: at('MARK:crash') });
    assert.deepEqual(s.deploy, { version: '2.14.0', at: new Date(DEPLOYED_AT).toISOString(), minutesAfter: 3, commit: release });
  });

  it('a hot line no commit changed: the lines just above it, or its enclosing function when the mapping knows it', async () => {
    const below = at('MARK:crash') + 2;
    const nearby = (await fresh().translate(service, snapshotOf([group('g1', below, [], firstSeen)]))).errors[0].suspects!;
    assert.deepEqual(nearby.commits.map((c) => c.sha), [suspect]);
    assert.deepEqual(nearby.asked, { scope: 'nearby', startLine: below - 5, endLine: below });

    const inFunction = group('g2', at('MARK:edit'), [], firstSeen);
    inFunction.location = { ...inFunction.location!, range: { startLine: at('MARK:crash') - 1, endLine: at('MARK:edit') + 1 } };
    inFunction.mapping = { location: inFunction.location, unmapped: null };
    const fn = (await fresh().translate(service, snapshotOf([inFunction]))).errors[0].suspects!;
    assert.deepEqual(fn.commits.map((c) => c.sha), [suspect]);
    assert.deepEqual(fn.asked, { scope: 'function', startLine: at('MARK:crash') - 1, endLine: at('MARK:edit') + 1 });

    const untouched = (await fresh().translate(service, snapshotOf([group('g3', at('MARK:gone'), [], firstSeen)]))).errors[0].suspects!;
    assert.deepEqual(untouched.commits, []);
    assert.equal(untouched.asked?.scope, 'nearby');
  });

  it('unsaved text of the editor moves the line further; a save invalidates the cached translation', async () => {
    let buffer: string | undefined = ['// unsaved', repo.read(FILE)].join('\n');
    const versions = fresh({ bufferOf: () => buffer });
    const input = snapshotOf([group('g1', at('MARK:crash'), [], firstSeen)]);
    assert.equal((await versions.translate(service, input)).errors[0].location?.line, now('MARK:crash') + 1);
    assert.equal(versions.fromCache(service, input).complete, true);
    buffer = undefined;
    assert.equal(versions.fromCache(service, input).complete, false, 'another buffer: not the cached answer');
    assert.equal((await versions.translate(service, input)).errors[0].location?.line, now('MARK:crash'));
    versions.fileSaved(FILE);
    assert.equal(versions.fromCache(service, input).complete, false, 'a saved file is asked again');
  });

  it('a shallow clone without the tag: lines unchanged, marked unverified with the command to run', async () => {
    const clone = GitRepoBuilder.create('prodlens-shallow-', false);
    try {
      clone.git('clone', '-q', '--depth', '1', '--no-tags', `file://${repo.dir}`, clone.dir);
      const out = await fresh({ dir: clone.dir }).translate(service, snapshotOf([group('g1', at('MARK:crash'), [], firstSeen)]));
      const loc = out.errors[0].location!;
      assert.equal(loc.line, at('MARK:crash'));
      assert.equal(loc.version?.status, 'unverified');
      assert.equal(loc.version?.command, 'git fetch --tags origin');
      assert.match(loc.version?.reason ?? '', /tag v2\.14\.0 is not fetched/);
      assert.equal(out.lineVersions?.note, undefined);
    } finally {
      clone.dispose();
    }
  });

  it('no repository: said once for the snapshot, every line as before and unmarked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-norepo-'));
    try {
      const out = await fresh({ dir }).translate(service, snapshotOf([group('g1', 5, [5, 7], firstSeen)]));
      assert.match(out.lineVersions?.note ?? '', /not inside a git repository \(lines shown as they are, version not verified\)/);
      assert.deepEqual(out.errors[0].frameMappings?.map((m) => [m.location?.line, m.location?.version]), [[5, undefined], [7, undefined]]);
      assert.equal(out.errors[0].location?.version, undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no deployed version known: the snapshot is handed back as it was, complete', () => {
    const input = { ...snapshotOf([group('g1', 4, [], firstSeen)]), deploys: [] };
    const result = fresh().fromCache(service, input);
    assert.equal(result.complete, true);
    assert.equal(result.snapshot, input);
  });
});
