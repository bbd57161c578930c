// The demo workspace with a real git history, built from demo/ into an ignored folder (never a nested
// repository committed here): 2.13.2, the commit that introduced the loyalty bug, 2.14.0 (demo/ exactly, the
// release the demo's Sentry serves, tagged v2.14.0), then commits after the deploy that move the failing line
// of orders.ts and edit its neighbour. Fixed authors and dates, so the commit ids are the same on every
// machine; rebuilt only when demo/ (or this recipe) changes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Bump when the recipe below changes, so existing copies are rebuilt. */
const RECIPE_VERSION = 2;
const ORDERS = 'services/checkout-api/src/routes/orders.ts';
const PACKAGE = 'services/checkout-api/package.json';
const FINGERPRINT_FILE = 'prodlens-demo-fingerprint';

/** The release the demo's Sentry stand-in deploys (src/demo/fixtures.ts), and the one before it. */
export const DEMO_RELEASE = { current: '2.14.0', previous: '2.13.2' } as const;
/** The billing service's release the demo Sentry serves: its code is the same in every commit of the history. */
export const DEMO_BILLING_RELEASE = 'billing@1.8.2';

interface Edit {
  file: string;
  find: string;
  replace: string;
}

interface Step {
  subject: string;
  author: string;
  date: string;
  /** Edits to demo/ as committed (steps before the release) or to the previous step (after it). */
  edits: Edit[];
  tag?: string;
  /** Further tags on the same commit (another service's release). */
  alsoTags?: string[];
}

const FAILING_LINE = "  const discount = customer.loyalty.tier === 'gold' ? 0.1 : 0;";
const GUEST_COMMENT = '  // Since 2.14.0 guest checkouts have no customer record: customer is undefined here.\n';
const GUARD = "  if (!customer) {\n    res.status(400).json({ error: 'unknown customer' });\n    return;\n  }\n";
const NEIGHBOUR = '  const total = priceOrder(req.body.items, discount);';

/** Before the release, oldest first: each is demo/ with its edits. */
const BEFORE: Step[] = [
  {
    subject: `checkout-api ${DEMO_RELEASE.previous}`,
    author: 'Priya Raman <priya@acme.example>',
    date: '2026-01-05T10:00:00Z',
    edits: [
      { file: ORDERS, find: GUEST_COMMENT, replace: GUARD },
      { file: PACKAGE, find: `"version": "${DEMO_RELEASE.current}"`, replace: `"version": "${DEMO_RELEASE.previous}"` },
    ],
    tag: `v${DEMO_RELEASE.previous}`,
  },
  {
    subject: 'orders: guest checkout, no customer record required',
    author: 'Sam Okafor <sam@acme.example>',
    date: '2026-01-06T15:42:00Z',
    edits: [{ file: PACKAGE, find: `"version": "${DEMO_RELEASE.current}"`, replace: `"version": "${DEMO_RELEASE.previous}"` }],
  },
];

const RELEASE: Step = { subject: `checkout-api ${DEMO_RELEASE.current}`, author: 'Priya Raman <priya@acme.example>', date: '2026-01-07T09:00:00Z', edits: [], tag: `v${DEMO_RELEASE.current}`, alsoTags: [DEMO_BILLING_RELEASE] };

/** After the release, each applied to the previous step: the failing line moves down 5 lines, its neighbour changes. */
const AFTER: Step[] = [
  {
    subject: 'orders: tell guest checkouts apart',
    author: 'Dana Whitfield <dana@acme.example>',
    date: '2026-01-08T11:15:00Z',
    edits: [{
      file: ORDERS,
      find: 'export const ordersRouter = Router();\n',
      replace: 'export const ordersRouter = Router();\n\n/** Guest checkouts carry no customer id. */\nfunction isGuest(customerId: unknown): boolean {\n  return customerId === undefined || customerId === null || customerId === \'\';\n}\n',
    }],
  },
  {
    subject: 'orders: price only a list of items',
    author: 'Sam Okafor <sam@acme.example>',
    date: '2026-01-08T16:30:00Z',
    edits: [{ file: ORDERS, find: NEIGHBOUR, replace: '  const total = priceOrder(Array.isArray(req.body.items) ? req.body.items : [], discount);' }],
  },
];

/** Where the demo's failing line is at each end of the history, for tests and the screenshots. */
export const DEMO_FAILING_LINE = { text: FAILING_LINE.trim(), file: ORDERS } as const;

export interface DemoHistory {
  /** The workspace folder (a git repository whose working tree is the newest commit, clean). */
  dir: string;
  /** Commit ids by tag and of HEAD. */
  commits: { previous: string; suspect: string; release: string; head: string };
  /** False when the existing copy was already up to date. */
  rebuilt: boolean;
}

function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, child));
    else if (entry.isFile()) out.push(child);
  }
  return out.sort();
}

function fingerprintOf(demoDir: string): string {
  const hash = createHash('sha256').update(`recipe ${RECIPE_VERSION}\n`);
  for (const file of listFiles(demoDir)) hash.update(`${file}\n`).update(fs.readFileSync(path.join(demoDir, file))).update('\n');
  return hash.digest('hex');
}

function readFingerprint(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, '.git', FINGERPRINT_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

function applyEdits(dir: string, edits: readonly Edit[]): void {
  for (const edit of edits) {
    const file = path.join(dir, edit.file);
    const text = fs.readFileSync(file, 'utf8');
    // demo/ changed under the recipe: say which text is missing rather than build a history that tells another story.
    if (text.split(edit.find).length !== 2) throw new Error(`demo history: ${edit.file} no longer contains exactly one ${JSON.stringify(edit.find.split('\n')[0])}; update src/demo/history.ts`);
    fs.writeFileSync(file, text.replace(edit.find, () => edit.replace));
  }
}

/** demo/ as committed, over the work tree (the recipe never deletes a file, so nothing is left behind). */
function copyDemo(demoDir: string, dir: string): void {
  fs.cpSync(demoDir, dir, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
}

/**
 * Git with no user or system configuration (no hooks, signing or templates of whoever runs the demo), an
 * argument list (no shell) and fixed identities and dates.
 */
function git(cwd: string, args: string[], step?: Step): string {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  if (step) {
    const [, name, email] = /^(.*) <(.*)>$/.exec(step.author)!;
    Object.assign(env, { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: step.date, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email, GIT_COMMITTER_DATE: step.date });
  }
  return execFileSync('git', ['-c', 'core.autocrlf=false', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 }).trim();
}

function commit(dir: string, step: Step): string {
  git(dir, ['add', '-A'], step);
  git(dir, ['commit', '-q', '--no-verify', '-m', step.subject], step);
  for (const tag of [step.tag, ...(step.alsoTags ?? [])]) if (tag) git(dir, ['tag', tag], step);
  return git(dir, ['rev-parse', 'HEAD']);
}

function readCommits(dir: string): DemoHistory['commits'] {
  const rev = (ref: string) => git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return { previous: rev(`v${DEMO_RELEASE.previous}`), suspect: rev(`v${DEMO_RELEASE.current}~1`), release: rev(`v${DEMO_RELEASE.current}`), head: rev('HEAD') };
}

/**
 * Builds (or reuses) the demo workspace with its history at `target` from `demoDir`. Reused when its
 * fingerprint of demo/ matches and its tags resolve; otherwise rebuilt beside it and swapped in.
 */
export function ensureDemoHistory(demoDir: string, target: string): DemoHistory {
  const fingerprint = fingerprintOf(demoDir);
  if (readFingerprint(target) === fingerprint) {
    try {
      return { dir: target, commits: readCommits(target), rebuilt: false };
    } catch {
      // A copy whose tags no longer resolve (edited by hand): rebuilt below.
    }
  }
  const building = `${target}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  try {
    git(building, ['init', '-q', '-b', 'main']);
    for (const step of BEFORE) {
      copyDemo(demoDir, building);
      applyEdits(building, step.edits);
      commit(building, step);
    }
    copyDemo(demoDir, building);
    commit(building, RELEASE);
    for (const step of AFTER) {
      applyEdits(building, step.edits);
      commit(building, step);
    }
    fs.writeFileSync(path.join(building, '.git', FINGERPRINT_FILE), fingerprint);
    fs.rmSync(target, { recursive: true, force: true });
    try {
      fs.renameSync(building, target);
    } catch (err) {
      // Another process (the demo production and a test run) built the same copy meanwhile: theirs is as good.
      if (readFingerprint(target) !== fingerprint) throw err;
      fs.rmSync(building, { recursive: true, force: true });
    }
  } catch (err) {
    fs.rmSync(building, { recursive: true, force: true });
    throw err;
  }
  return { dir: target, commits: readCommits(target), rebuilt: true };
}
