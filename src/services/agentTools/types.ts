// The shapes shared by every front end of the agent tools (the `prodlens mcp` server, the editor's language
// model tools): plain data and one host interface, so the definitions and result builders stay pure.
import type { DetectedService } from '../../core/detect/services';
import type { Finding } from '../../core/diagnostics/types';
import type { HealthSnapshot, Incident } from '../../core/model';
import type { LocatedTrace } from '../traceLocator';

/** The JSON Schema subset the tools use: what MCP clients, VS Code and ajv all read the same way. */
export interface JsonSchema {
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'null' | ('string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array')[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: (string | number)[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export type ToolName =
  | 'service_health'
  | 'production_errors'
  | 'route_metrics'
  | 'locate_stack_trace'
  | 'incidents'
  | 'diagnose'
  | 'acknowledge_incident'
  | 'create_silence';

export interface ToolDefinition {
  name: ToolName;
  title: string;
  /** Written for a model: what it answers, when to call it, what not to trust. Short: every client sends it on each turn. */
  description: string;
  inputSchema: JsonSchema & { type: 'object' };
  outputSchema: JsonSchema & { type: 'object' };
  /** Changes something in a backend: off unless the user turned actions on, and confirmed in the editor. */
  write: boolean;
}

/** What a tool call returns: the structured result, or an error that says what to do. */
export type ToolOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string };

/** An error a tool reports to the model (bad input, no service, a backend refusing): never a crash. */
export class ToolInputError extends Error {}

/** What the front end gives the tools: its workspace, its one refresh service, its locator and doctor. */
export interface AgentToolHost {
  /** The workspace's services as detected (`.prodlens.json`, manifests, runtime files). */
  services(): Promise<readonly DetectedService[]>;
  /** Whether a workspace-relative file (forward slashes, already checked to stay inside) exists. */
  fileExists(file: string): Promise<boolean>;
  /** The service's snapshot from the cache, or refreshed when older than the poll interval or `refresh` is set. */
  snapshot(service: DetectedService, options: { refresh: boolean; signal: AbortSignal }): Promise<HealthSnapshot>;
  /** The `prodlens locate` engine over the workspace's file index. */
  locate(trace: string, preferService: string | undefined): Promise<LocatedTrace>;
  /** The doctor's findings for the workspace (or one service). */
  diagnose(service: DetectedService | undefined, signal: AbortSignal): Promise<Finding[]>;
  /** Present only when the user allowed actions. */
  actions?: AgentActions;
  now(): number;
}

export interface AgentActions {
  acknowledge(service: DetectedService, incident: Incident, signal: AbortSignal): Promise<{ status: string; actor: string }>;
  silence(service: DetectedService, alert: Incident, options: { durationMinutes: number; comment: string }, signal: AbortSignal): Promise<{ silenceId: string; createdBy: string }>;
}
