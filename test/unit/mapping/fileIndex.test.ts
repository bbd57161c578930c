import * as assert from 'node:assert/strict';
import { FileIndex, normaliseWorkspacePath } from '../../../src/core/mapping/fileIndex';
import { withCpuMs } from '../../builders/cpuTime';

/** The longest-suffix answer computed the slow, obvious way, to check the trie against. */
function naive(files: string[], query: string): { segments: number; files: string[] } {
  const q = query.split('/').filter((s) => s !== '' && s !== '.');
  let best = 0;
  let hits: string[] = [];
  for (const f of files) {
    const s = f.split('/');
    let k = 0;
    while (k < q.length && k < s.length && q[q.length - 1 - k] === s[s.length - 1 - k]) k++;
    if (k > best) {
      best = k;
      hits = [f];
    } else if (k === best && k > 0) {
      hits.push(f);
    }
  }
  return { segments: best, files: hits.sort() };
}

describe('mapping/fileIndex', () => {
  const files = ['src/a.ts', 'a.ts', 'lib/src/a.ts', 'services/api/src/orders/service.ts', 'services/web/src/orders/service.ts', 'README.md'];

  it('finds the longest suffix and every file sharing it', () => {
    const index = new FileIndex(files);
    assert.deepEqual(index.findBySuffix('/app/services/api/src/orders/service.ts'), { segments: 5, files: ['services/api/src/orders/service.ts'], total: 1 });
    assert.deepEqual(index.findBySuffix('/deploy/src/orders/service.ts'), { segments: 3, files: ['services/api/src/orders/service.ts', 'services/web/src/orders/service.ts'], total: 2 });
    assert.deepEqual(index.findBySuffix('/x/lib/src/a.ts'), { segments: 3, files: ['lib/src/a.ts'], total: 1 });
    assert.deepEqual(index.findBySuffix('/x/other/a.ts'), { segments: 1, files: ['a.ts', 'lib/src/a.ts', 'src/a.ts'], total: 3 });
    assert.deepEqual(index.findBySuffix('/x/nothing.ts'), { segments: 0, files: [], total: 0 });
    assert.deepEqual(index.findBySuffix(''), { segments: 0, files: [], total: 0 });
  });

  it('accepts Windows separators and ./ in queries and paths', () => {
    const index = new FileIndex(['.\\src\\win\\file.cs']);
    assert.ok(index.has('src/win/file.cs'));
    assert.equal(index.findBySuffix('C:\\build\\src\\win\\file.cs').segments, 3);
    assert.equal(normaliseWorkspacePath('./a/b'), 'a/b');
  });

  it('caps the listed files but counts them all', () => {
    const index = new FileIndex(Array.from({ length: 30 }, (_, i) => `pkg${i}/index.ts`));
    const match = index.findBySuffix('index.ts', 5);
    assert.equal(match.files.length, 5);
    assert.equal(match.total, 30);
    assert.equal(index.filesNamed('index.ts', 100).length, 30);
  });

  it('follows file events: add and remove keep answers identical to a fresh build', () => {
    const index = new FileIndex(files);
    assert.equal(index.add('services/worker/src/orders/service.ts'), true);
    assert.equal(index.add('services/worker/src/orders/service.ts'), false, 'already present');
    assert.equal(index.findBySuffix('src/orders/service.ts').total, 3);
    assert.equal(index.remove('services/web/src/orders/service.ts'), true);
    assert.equal(index.remove('services/web/src/orders/service.ts'), false, 'already gone');
    assert.equal(index.remove('a.ts'), true);
    const fresh = new FileIndex(['src/a.ts', 'lib/src/a.ts', 'services/api/src/orders/service.ts', 'services/worker/src/orders/service.ts', 'README.md']);
    for (const q of ['/x/src/orders/service.ts', 'a.ts', '/y/lib/src/a.ts', 'README.md', 'service.ts']) {
      assert.deepEqual(index.findBySuffix(q), fresh.findBySuffix(q), q);
    }
    assert.equal(index.size, fresh.size);
  });

  it('leaves out what isIgnored rejects, at build and on add', () => {
    const index = new FileIndex(['src/a.ts', 'dist/a.js', 'node_modules/x/a.js'], { isIgnored: (p) => p.startsWith('dist/') || p.includes('node_modules/') });
    assert.equal(index.size, 1);
    assert.equal(index.add('dist/b.js'), false);
    assert.equal(index.findBySuffix('/app/dist/a.js').total, 0);
  });

  it('agrees with the obvious implementation on random workspaces and events', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const seg = () => ['a', 'b', 'c', 'src', 'lib'][rnd(5)];
    const path = () => [...Array.from({ length: rnd(4) }, seg), `${['x', 'y', 'z'][rnd(3)]}.ts`].join('/');
    const live = new Set<string>();
    const index = new FileIndex();
    for (let step = 0; step < 3000; step++) {
      const p = path();
      if (rnd(3) === 0 && live.has(p)) {
        index.remove(p);
        live.delete(p);
      } else {
        index.add(p);
        live.add(p);
      }
      if (step % 10 === 0) {
        const q = `/deploy/${path()}`;
        const got = index.findBySuffix(q, 1000);
        const want = naive([...live], q);
        assert.equal(got.segments, want.segments, `${q} segments`);
        if (want.segments > 0) assert.deepEqual([...got.files].sort(), want.files, q);
        assert.equal(got.total, want.segments > 0 ? want.files.length : 0);
      }
    }
    assert.equal(index.size, live.size);
  });

  it('builds 50,000 files and answers 10,000 lookups without quadratic blow-up', () => {
    const paths: string[] = [];
    for (let i = 0; i < 50_000; i++) paths.push(`packages/p${i % 97}/src/m${i % 13}/f${i}.ts`);
    const { result: index, ms: built } = withCpuMs(() => new FileIndex(paths));
    const { ms: looked } = withCpuMs(() => {
      for (let i = 0; i < 10_000; i++) index.findBySuffix(`/app/src/m${i % 13}/f${i * 3}.ts`);
    });
    // Generous bounds (the real budget is in `npm run bench`): they catch an accidental O(n²), not a slow machine.
    assert.ok(built < 2000, `build took ${built} ms`);
    assert.ok(looked < 1000, `lookups took ${looked} ms`);
  });
});
