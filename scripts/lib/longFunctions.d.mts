// Types of longFunctions.mjs for its unit test.
export interface LongFunction {
  file: string;
  name: string;
  /** 1-based line where the function starts. */
  line: number;
  lines: number;
}

export const MAX_FUNCTION_LINES: number;
export function longFunctionsInText(fileName: string, text: string, maxLines?: number): LongFunction[];
export function listLongFunctions(dir: string, options?: { root?: string; maxLines?: number }): LongFunction[];
