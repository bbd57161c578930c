// Where in the text of a `.prodlens.json` a problem is: 1-based line and column, as editors and terminals
// show them (an offset means nothing to a person counting lines).
import { parseTree, type Node } from 'jsonc-parser';
import { SourceText } from '../mapping/routes/source';

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like an editor's column. */
  column: number;
}

/** Line starts found once (by the route scanner's SourceText), so placing many problems in a large file stays linear. */
export class LineIndex {
  private readonly source: SourceText;

  constructor(text: string) {
    this.source = new SourceText(text);
  }

  positionAt(offset: number): TextPosition {
    const end = Math.max(0, Math.min(offset, this.source.text.length));
    const line = this.source.lineAt(end);
    return { line, column: end - this.source.offsetOfLine(line) + 1 };
  }
}

/**
 * Resolves validator paths (`services[0].backends.sentry.token`) in the parsed tree. Keys may themselves
 * contain dots or brackets, so each step takes the longest key the rest of the path starts with. A path that
 * names something absent (a required key) stops at the nearest node that exists: the object it belongs in.
 */
export class ConfigLocator {
  private readonly root: Node | undefined;
  private readonly lines: LineIndex;

  constructor(text: string) {
    this.root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    this.lines = new LineIndex(text);
  }

  positionOf(path: string): TextPosition {
    return this.lines.positionAt(this.offsetOf(path));
  }

  private offsetOf(path: string): number {
    if (!this.root) return 0;
    let node: Node = this.root;
    let rest = path === '(root)' ? '' : path;
    let offset = node.offset;
    while (rest !== '') {
      if (node.type === 'array') {
        const m = /^\[(\d+)\]\.?/.exec(rest);
        const item: Node | undefined = m ? node.children?.[Number(m[1])] : undefined;
        if (!m || !item) break;
        node = item;
        offset = item.offset;
        rest = rest.slice(m[0].length);
      } else if (node.type === 'object') {
        let best: Node | undefined;
        let bestKey = '';
        // The last of duplicate keys wins, as in the parsed value the validator saw.
        for (const property of node.children ?? []) {
          const key: unknown = property.children?.[0]?.value;
          if (typeof key !== 'string' || !rest.startsWith(key)) continue;
          const next = rest.charAt(key.length);
          if ((next === '' || next === '.' || next === '[') && key.length >= bestKey.length && property.children?.[1]) {
            best = property;
            bestKey = key;
          }
        }
        if (!best?.children?.[1]) break;
        // Pointing at the key puts the cursor on the line that names the field.
        offset = best.offset;
        node = best.children[1];
        rest = rest.slice(bestKey.length).replace(/^\./, '');
        if (rest !== '') offset = node.offset;
      } else {
        break;
      }
    }
    return offset;
  }
}
