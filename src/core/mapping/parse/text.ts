// Text traces: pick the language from how many lines carry its marks, then let that language's parser walk
// the lines. Mixed-language logs are read as their dominant language.
import type { ParsedTrace, TraceLanguage } from '../types';
import { TraceBuilder } from './builder';
import { dotnetSignal, parseDotnetLines } from './dotnet';
import { goSignal, parseGoLines } from './go';
import { jvmSignal, parseJvmLines } from './jvm';
import { splitLines } from './lines';
import { nodeSignal, parseNodeLines } from './node';
import { parsePhpLines, phpSignal } from './php';
import { parsePythonLines, pythonSignal } from './python';
import { parseRubyLines, rubySignal } from './ruby';

interface LanguageParser {
  signal(line: string): number;
  parse(lines: readonly string[], b: TraceBuilder): number[];
}

// Order breaks ties: the more specific shapes first.
const PARSERS: Record<TraceLanguage, LanguageParser> = {
  dotnet: { signal: dotnetSignal, parse: parseDotnetLines },
  jvm: { signal: jvmSignal, parse: parseJvmLines },
  python: { signal: pythonSignal, parse: parsePythonLines },
  go: { signal: goSignal, parse: parseGoLines },
  php: { signal: phpSignal, parse: parsePhpLines },
  ruby: { signal: rubySignal, parse: parseRubyLines },
  node: { signal: nodeSignal, parse: parseNodeLines },
};

const LANGUAGES = Object.keys(PARSERS) as TraceLanguage[];
const DETECTION_LINES = 5_000;

export function detectTraceLanguage(lines: readonly string[]): TraceLanguage | undefined {
  const scores = new Map<TraceLanguage, number>();
  for (const line of lines.slice(0, DETECTION_LINES)) {
    if (line.trim().length < 3) continue;
    for (const language of LANGUAGES) {
      const s = PARSERS[language].signal(line);
      if (s > 0) scores.set(language, (scores.get(language) ?? 0) + s);
    }
  }
  let best: TraceLanguage | undefined;
  let bestScore = 0;
  for (const language of LANGUAGES) {
    const s = scores.get(language) ?? 0;
    if (s > bestScore) {
      best = language;
      bestScore = s;
    }
  }
  return best;
}

/** Parses a plain-text stack trace; `language` skips detection (e.g. from OpenTelemetry's `telemetry.sdk.language`). */
export function parseTextTrace(text: string, language?: TraceLanguage): ParsedTrace {
  const { lines, truncated } = splitLines(typeof text === 'string' ? text : '');
  const detected = language ?? detectTraceLanguage(lines);
  if (!detected) {
    const b = new TraceBuilder(undefined);
    const trace = b.build([], truncated);
    trace.reason = lines.some((l) => l.trim() !== '')
      ? 'no line looks like a stack frame of Node, Python, Java/Kotlin, Go, .NET, Ruby or PHP'
      : 'the input is empty';
    return trace;
  }
  const b = new TraceBuilder(detected);
  const order = PARSERS[detected].parse(lines, b);
  const trace = b.build(order, truncated);
  if (trace.frames.length === 0) trace.reason = `looks like a ${detected} trace but no frame could be read`;
  return trace;
}
