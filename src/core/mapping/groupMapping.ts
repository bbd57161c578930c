// How an error group sits on the code, for whoever explains it (Errors view, copy, CLI, doctor). A group
// with no stack frames is never copied just to say so: its answer is derived here, one shared object per
// source, so a refresh of 10,000 frameless groups allocates nothing for them.
import type { ErrorGroup, MappingResult } from '../model';

const NO_FRAMES = new Map<string, MappingResult>();

/** The answer for every group of `source` that came without a stack trace. */
export function noFramesMapping(source: string): MappingResult {
  let mapping = NO_FRAMES.get(source);
  if (!mapping) {
    const explanation = `${source === 'sentry' ? 'Sentry' : source} sent no stack trace for this error yet.`;
    mapping = Object.freeze({ location: null, unmapped: 'nolocation', explanation, candidates: Object.freeze([]) as unknown as string[] });
    NO_FRAMES.set(source, mapping);
  }
  return mapping;
}

/** The group's mapping: the one the mapper set, or for a group without frames, why nothing can be placed. */
export function groupMapping(group: ErrorGroup): MappingResult | undefined {
  if (group.mapping) return group.mapping;
  return (group.frames?.length ?? 0) === 0 && !group.location ? noFramesMapping(group.source) : undefined;
}
