// Collects frames and groups while a parser walks the lines, enforcing the frame cap in one place.
import type { ParsedTrace, TraceFrame, TraceGroup, TraceLanguage, TraceSource } from '../types';
import { MAX_FRAMES, MAX_GROUPS } from './lines';

export class TraceBuilder {
  readonly frames: TraceFrame[] = [];
  readonly groups: TraceGroup[] = [];
  truncated = false;
  private current = -1;

  constructor(readonly language: TraceLanguage | undefined, private readonly source: TraceSource = 'text') {}

  get currentGroup(): TraceGroup | undefined {
    return this.current < 0 ? undefined : this.groups[this.current];
  }

  get currentGroupIndex(): number {
    return this.current;
  }

  startGroup(group: Omit<TraceGroup, 'frames'>): number {
    // Capped like frames: a log of 100,000 exception headers must not become 100,000 groups. Past the cap
    // the last group stays current, and the trace says it was truncated.
    if (this.groups.length >= MAX_GROUPS) {
      this.truncated = true;
      this.current = this.groups.length - 1;
      return this.current;
    }
    this.groups.push({ ...group, frames: [] });
    this.current = this.groups.length - 1;
    return this.current;
  }

  /** Ends the current group: the next frame opens a new one (a new, unrelated trace in the same log). */
  closeGroup(): void {
    this.current = -1;
  }

  /** Makes an earlier group current again (.NET prints the outer exception's frames after the inner's). */
  resumeGroup(index: number): void {
    if (index >= 0 && index < this.groups.length) this.current = index;
  }

  /** Adds a frame to the current group (opening an anonymous one if needed); false once the cap is hit. */
  addFrame(frame: TraceFrame, innermostFirst: boolean): boolean {
    if (this.frames.length >= MAX_FRAMES) {
      this.truncated = true;
      return false;
    }
    if (this.current < 0) this.startGroup({ kind: 'exception', innermostFirst });
    const withMeta: TraceFrame = { ...frame, group: this.current };
    if (this.language && !withMeta.language) withMeta.language = this.language;
    this.groups[this.current].frames.push(this.frames.length);
    this.frames.push(withMeta);
    return true;
  }

  build(crashOrder: number[], truncated: boolean): ParsedTrace {
    // Drop anonymous groups that got no frame, re-indexing so frame.group stays valid. Maps, not indexOf:
    // a goroutine dump can hold tens of thousands of groups.
    const remap = new Map<number, number>();
    const groups: TraceGroup[] = [];
    this.groups.forEach((g, i) => {
      if (g.frames.length > 0 || g.type !== undefined) {
        remap.set(i, groups.length);
        groups.push(g);
      }
    });
    for (const f of this.frames) if (f.group !== undefined) f.group = remap.get(f.group);
    const order = crashOrder.map((i) => remap.get(i)).filter((i): i is number => i !== undefined);
    const seen = new Set(order);
    for (let i = 0; i < groups.length; i++) if (!seen.has(i)) order.push(i);
    const first = groups.find((g) => g.type !== undefined || g.message !== undefined);
    const trace: ParsedTrace = {
      source: this.source,
      language: this.language,
      frames: this.frames,
      groups,
      crashOrder: order,
      truncated: truncated || this.truncated,
    };
    if (first) trace.exception = { type: first.type, message: first.message };
    if (this.frames.length === 0) trace.reason = 'no stack frame found in the input';
    return trace;
  }
}
