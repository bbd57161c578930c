// Every corpus table. Add a language or a case by editing its table; the runner picks it up.
import { dotnetCorpus } from './dotnet';
import { goCorpus } from './go';
import { jvmCorpus } from './jvm';
import { nodeCorpus } from './node';
import { phpCorpus } from './php';
import { pythonCorpus } from './python';
import { rubyCorpus } from './ruby';
import type { CorpusTable } from './types';

export const CORPUS: CorpusTable[] = [nodeCorpus, pythonCorpus, jvmCorpus, goCorpus, dotnetCorpus, rubyCorpus, phpCorpus];
