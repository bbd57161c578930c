// Hostile production text through the rendering helpers: what reaches a hover, a tree label, an inline
// note, a status tooltip or the log. Markdown is checked structurally and, when a CommonMark parser is
// installed (markdown-it comes with the packaging tools), by rendering it for real.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { scrubSecrets } from '../../../src/core/log';
import { escapeMarkdown, markdownLink, safeWebUrl, sparklineDataUri } from '../../../src/core/markdown';
import type { ErrorGroup, HealthSnapshot } from '../../../src/core/model';
import { summarise } from '../../../src/core/statusSummary';
import { hotLinesOf } from '../../../src/core/hotLines';
import { oneLine } from '../../../src/core/text';
import { HOSTILE, INVISIBLE_OR_CONTROL, ONE_MB, SECRET, SECRET_CARRIERS } from './hostile';

interface MdToken {
  type: string;
  content: string;
  children: MdToken[] | null;
  attrGet(name: string): string | null;
}
interface MarkdownParser {
  parse(src: string, env: object): MdToken[];
}

/** markdown-it when it is installed (a dependency of the packaging tools), else undefined: the structural checks still run. */
function markdownIt(options: object): MarkdownParser | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, untyped test dependency
    const MarkdownIt = require('markdown-it') as new (options: object) => MarkdownParser;
    return new MarkdownIt(options);
  } catch {
    return undefined;
  }
}

const commonMark = markdownIt({ html: true });
const gfmLike = markdownIt({ html: true, linkify: true });

/** Characters Markdown gives meaning to that escapeMarkdown must never leave bare. */
const ACTIVE = /[[\]()<>!`*_#|~&{}\\]/;

function tokens(parser: MarkdownParser, text: string): MdToken[] {
  return parser.parse(text, {}).flatMap((t) => [t, ...(t.children ?? [])]);
}

/** Every way escaped text could stop being plain text. */
function assertInertMarkdown(escaped: string, what: string): void {
  const unescaped = escaped.replace(/\\[\s\S]/g, '');
  assert.ok(!ACTIVE.test(unescaped), `${what}: a bare Markdown character survived: ${JSON.stringify(unescaped.match(ACTIVE)?.[0])}`);
  assert.ok(!INVISIBLE_OR_CONTROL.test(escaped), `${what}: a control, bidi or zero-width character survived`);
  if (commonMark) {
    const bad = tokens(commonMark, escaped).filter((t) => /link|image|html|code|fence|heading|hr|list|table|blockquote/.test(t.type));
    assert.deepEqual(bad.map((t) => t.type), [], `${what}: rendered as Markdown structure`);
  }
  if (gfmLike) {
    // With GFM-style autolinking (VS Code's renderer links bare URLs) only web links may appear, never an image.
    for (const t of tokens(gfmLike, escaped)) {
      assert.ok(!/image|html/.test(t.type), `${what}: rendered ${t.type}`);
      const href = t.type === 'link_open' ? t.attrGet('href') ?? '' : '';
      if (t.type === 'link_open') assert.match(href, /^(https?|ftp|mailto):/i, `${what}: autolinked to ${href}`);
    }
  }
}

const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('[', ']', '(', ')', '<', '>', '!', '`', '*', '_', '\\', '&', '#', ':', '/', 'command', 'javascript', 'https', ' ', '\n', '\u202e', '\u200b', '\u2060', '\u061c', '\u001b', 'x'), maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE.filter((h) => h.text.length < 10_000).map((h) => h.text)) },
);

describe('hardening: hostile production text stays inert', function () {
  this.timeout(60_000);

  describe('escapeMarkdown', () => {
    for (const { name, text } of HOSTILE) {
      it(`${name}: no link, image, HTML or code; no control, bidi or zero-width character`, () => {
        assertInertMarkdown(escapeMarkdown(text), name);
      });
    }

    it('the same for any text (5,000 generated strings)', () => {
      fc.assert(fc.property(hostileText, (text) => assertInertMarkdown(escapeMarkdown(text), JSON.stringify(text))), { numRuns: 5_000 });
    });

    it('a permalink cannot close its link and open another (parentheses are encoded)', () => {
      for (const raw of ['https://sentry.example/x)[b](command:workbench.action.terminal.new)', 'https://sentry.example/x)![p](https://evil.example/p.png)', 'https://s.example/a (b) c']) {
        const url = safeWebUrl(raw);
        assert.ok(url, raw);
        assert.ok(!/[()\s]/.test(url), url);
        const md = markdownLink('Open in Sentry', url);
        if (!commonMark) continue;
        const links = tokens(commonMark, md).filter((t) => t.type === 'link_open').map((t) => t.attrGet('href'));
        assert.equal(links.length, 1, md);
        assert.match(links[0] ?? '', /^https:\/\/s(entry)?\.example\//);
        assert.ok(!tokens(commonMark, md).some((t) => t.type === 'image'), md);
      }
    });

    it('markdownLink keeps hostile text inside one link to the URL given', () => {
      for (const { name, text } of HOSTILE.filter((h) => h.text.length < 10_000)) {
        const md = markdownLink(text, 'https://sentry.example/issues/1/');
        if (!commonMark) continue;
        const links = tokens(commonMark, md).filter((t) => t.type === 'link_open');
        assert.deepEqual(links.map((t) => t.attrGet('href')), ['https://sentry.example/issues/1/'], name);
        assert.ok(!tokens(commonMark, md).some((t) => /image|html/.test(t.type)), name);
      }
    });
  });

  describe('safeWebUrl', () => {
    const refused = [
      'command:workbench.action.terminal.new', 'COMMAND:workbench.action.terminal.new', ' command:x', 'command:x?%5B%5D',
      'javascript:alert(1)', 'JavaScript:alert(1)', '\tjavascript:alert(1)', 'java\nscript:alert(1)', 'javascript://%0aalert(1)',
      'data:text/html;base64,PHNjcmlwdD4=', 'data:image/svg+xml,<svg onload=alert(1)>', 'file:///etc/passwd', 'file://host/share',
      'vscode://settings', 'vscode-insiders://x', 'mailto:a@b.example', 'ftp://x.example/', 'blob:https://x/1', '//evil.example/x',
      '/relative', 'evil.example', '', '\u202ehttps://evil.example',
    ];
    for (const url of refused) it(`refuses ${JSON.stringify(url)}`, () => assert.equal(safeWebUrl(url), undefined));

    it('lets http(s) through, with nothing that could end a Markdown link early', () => {
      fc.assert(fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 60 }).map((s) => `https://x.example/${s}`), hostileText), (url) => {
        const safe = safeWebUrl(url);
        if (safe === undefined) return;
        assert.match(safe, /^https?:\/\//);
        assert.ok(!/[\s()<>]/.test(safe), safe);
        assert.ok(['http:', 'https:'].includes(new URL(safe).protocol));
      }), { numRuns: 5_000 });
    });
  });

  describe('sparklineDataUri', () => {
    it('is an SVG of rectangles only, bounded in size, for any series', () => {
      const series = fc.oneof(
        { weight: 20, arbitrary: fc.array(fc.double(), { maxLength: 300 }) },
        { weight: 1, arbitrary: fc.constantFrom(Array.from({ length: 200_000 }, (_, i) => i), [NaN, Infinity, -Infinity, -1, 1e308, 0], []) },
      );
      fc.assert(fc.property(series, (values) => {
        const uri = sparklineDataUri(values);
        if (uri === undefined) return;
        assert.ok(uri.length < 40_000, `${uri.length} characters`);
        const svg = Buffer.from(uri.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
        assert.match(svg, /^<svg [^<>]*>(<rect [^<>]*\/>)*<\/svg>$/);
        assert.ok(!/NaN|Infinity|script|on\w+=/i.test(svg));
      }), { numRuns: 2_000 });
    });
  });

  describe('oneLine', () => {
    it('bounds the length and strips control, bidi and zero-width characters, for the corpus', () => {
      for (const { name, text } of HOSTILE) {
        const clean = oneLine(text, 120);
        assert.ok(clean.length <= 120, `${name}: ${clean.length}`);
        assert.ok(!INVISIBLE_OR_CONTROL.test(clean), `${name}: ${JSON.stringify(clean)}`);
      }
    });

    it('the same for any text and any bound', () => {
      fc.assert(fc.property(hostileText, fc.integer({ min: 1, max: 400 }), (text, max) => {
        const clean = oneLine(text, max);
        assert.ok(clean.length <= max);
        assert.ok(!INVISIBLE_OR_CONTROL.test(clean), JSON.stringify(clean));
        assert.equal(clean, clean.trim());
      }), { numRuns: 10_000 });
    });
  });

  describe('hotLinesOf', () => {
    const group = (title: string, line: number, i: number): ErrorGroup => ({
      id: `g${i}`, source: 'sentry', title, level: 'error', count: i + 1,
      location: { file: 'src/x.ts', line, confidence: 'exact', reason: 'test' },
    });

    it('gives one bounded line of plain text per hot line, whatever the error titles say', () => {
      const snapshot = { window: '1h', errors: HOSTILE.map((h, i) => group(h.text, (i % 5) + 1, i)) } as unknown as HealthSnapshot;
      const lines = hotLinesOf(snapshot, 'src/x.ts');
      assert.equal(lines.length, 5);
      assert.equal(lines.reduce((n, l) => n + l.groups.length, 0), HOSTILE.length);
      for (const l of lines) {
        assert.ok(l.note.length <= 120, `${l.note.length}`);
        assert.ok(!INVISIBLE_OR_CONTROL.test(l.note), JSON.stringify(l.note));
        assert.match(l.note, /^✖ \d+ in 1h · /);
      }
    });

    it('the same for generated titles', () => {
      fc.assert(fc.property(fc.array(hostileText, { minLength: 1, maxLength: 6 }), (titles) => {
        const snapshot = { window: '24h', errors: titles.map((t, i) => group(t, 1, i)) } as unknown as HealthSnapshot;
        const [line] = hotLinesOf(snapshot, 'src/x.ts');
        assert.ok(line.note.length <= 120 && !INVISIBLE_OR_CONTROL.test(line.note), JSON.stringify(line.note));
      }), { numRuns: 2_000 });
    });
  });

  describe('scrubSecrets', () => {
    for (const carrier of SECRET_CARRIERS) {
      it(`removes the secret of "${carrier.name}", alone and wrapped in hostile text`, () => {
        const secret = carrier.name === 'basic header' ? Buffer.from(`user:${SECRET}`).toString('base64') : SECRET;
        for (const wrapper of ['', ...HOSTILE.filter((h) => h.text.length < 10_000).map((h) => h.text)]) {
          for (const text of [carrier.text, `${wrapper} ${carrier.text}`, `${carrier.text}\n${wrapper}`]) {
            const out = scrubSecrets(text);
            assert.ok(!out.includes(secret), `${carrier.name} in ${JSON.stringify(text.slice(0, 80))}: ${out.slice(0, 200)}`);
          }
        }
      });
    }

    it('removes it from a one-megabyte message too', () => {
      const out = scrubSecrets(`${ONE_MB} Authorization: Bearer ${SECRET} ${ONE_MB}`);
      assert.ok(!out.includes(SECRET));
    });
  });

  describe('summarise (status bar)', () => {
    const hostileSnapshot = (title: string): HealthSnapshot => ({
      service: 'svc', environment: title, window: '1h', fetchedAt: 1_767_225_600_000, status: 'critical', statusReasons: [title],
      current: { errorRatio: 0.5, latency: { p95: 1 }, throughput: 3 }, series: {}, routes: [],
      errors: [{ id: '1', source: 'sentry', title, level: 'error', count: 3 }],
      incidents: [{ id: 'i', source: 'pagerduty', kind: 'incident', title, severity: 'critical', status: 'triggered', startedAt: '2026-01-01T00:00:00Z' }],
      deploys: [], stale: true,
      backends: [{ kind: 'sentry', url: 'https://sentry.example', state: 'error', error: title, lastSuccess: 1_767_225_000_000 }],
    });

    for (const { name, text } of HOSTILE) {
      it(`${name}: the status text and every tooltip line are one bounded line`, () => {
        const summary = summarise({ service: text, snapshot: hostileSnapshot(text), loading: false, hasBackends: true, now: 1_767_225_660_000 });
        assert.ok(summary.text.length <= 200, `text of ${summary.text.length}`);
        assert.ok(!INVISIBLE_OR_CONTROL.test(summary.text), JSON.stringify(summary.text.slice(0, 100)));
        for (const line of summary.details) {
          assert.ok(line.length <= 1_000, `a tooltip line of ${line.length}`);
          assert.ok(!INVISIBLE_OR_CONTROL.test(line), JSON.stringify(line.slice(0, 100)));
        }
      });
    }
  });
});
