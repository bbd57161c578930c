// The shapes of the diagnosis: what it is given (all plain data, so it stays pure and testable) and what it
// returns. `prodlens doctor --json` prints `Finding`s as they are: a public contract (README, schema 1).
import type { BackendKind, HealthSnapshot } from '../model';
import type { DetectedService, DetectionResult } from '../detect/services';
import type { AmbiguousPathFix, IdentityValues, PathMappingFix, UnmappedFrame } from './fixes';

export type FindingLevel = 'ok' | 'info' | 'warning' | 'error';

/** Where the user reads the fix: the CLI names environment variables, the editor names commands. */
export type Surface = 'cli' | 'editor';

export interface FixSuggestion {
  /** A path mapping to add to (or change in) the service's `pathMappings`. */
  pathMapping?: { from: string; to: string };
  /** A Prometheus `selector` for the service. */
  selector?: Record<string, string>;
  /** The environment variable to set (CLI). */
  env?: string;
  /** The command to run (editor). */
  command?: string;
  /** A `.prodlens.json` fragment to add. */
  config?: unknown;
}

export interface Finding {
  level: FindingLevel;
  /** One line: what was checked and its result. */
  title: string;
  detail?: string;
  /** What to do about it, when something is wrong. */
  fix?: string;
  /** Stable identifier of the check (`backend.auth`, `mapping.pathMapping`...), for scripts. */
  code?: string;
  /** The service the finding is about. */
  service?: string;
  /** The fix as data, when it is a value to write somewhere. */
  suggestion?: FixSuggestion;
}

export interface BackendFacts {
  kind: BackendKind;
  url: string;
  /** Where the URL came from: `.prodlens.json` or a setting. */
  from: string;
  hasToken: boolean;
  /** Whether the backend can work without a token (Prometheus and Alertmanager often do). */
  tokenOptional: boolean;
  /** Other origins a token of this kind is saved for, when none is saved for this one. */
  tokenSavedFor?: string[];
  /** Why a token that exists is not sent to this backend (the CLI's origin rule), when that is the case. */
  tokenWithheld?: string;
}

/** Mapping statistics of one snapshot, as `mappingStats()` in services/signalMapper computes them. */
export interface MappingFacts {
  framesSeen: number;
  framesMapped: number;
  unmappedByReason: Record<string, number>;
  ambiguous: { frame: string; candidates: string[] }[];
  groupsMapped: number;
  groupsUnmapped: { title: string; reason: string }[];
  routesMapped: number;
  /** Routes that may be code and were not found in the service's folders. */
  routesUnmapped: string[];
  /** Rows that are not code (requests no route matched, the whole service), with what they are: no fix applies. */
  routesNotCode?: { route: string; why: string }[];
}

/** What the last refresh of a service showed, for the part of the diagnosis only production can answer. */
export interface ServiceRuntimeFacts {
  snapshot: HealthSnapshot;
  mapping: MappingFacts;
  /** Frames that name a file but were not mapped (see `unmappedFramesOf`). */
  unmapped?: UnmappedFrame[];
  /** Path mappings that would put unmapped frames on existing files (see `derivePathMappings`). */
  pathFixes?: PathMappingFix[];
  ambiguousPaths?: AmbiguousPathFix[];
  /** Label values with request metrics on the service's Prometheus, when they were looked up. */
  prometheusIdentities?: IdentityValues;
}

export interface DiagnosisInput {
  workspaceFolders: string[];
  detection: DetectionResult | undefined;
  /** Workspace-relative path of the active file, when there is one. */
  activeFile?: string;
  activeService?: DetectedService;
  backendsByService: Record<string, BackendFacts[]>;
  serviceOverride?: string;
  /** Default: fixes name both the editor command and the environment variable. */
  surface?: Surface;
  /** By service name: the services that were refreshed. */
  runtime?: Record<string, ServiceRuntimeFacts>;
}

export interface Diagnosis {
  findings: Finding[];
  summary: { errors: number; warnings: number };
}
