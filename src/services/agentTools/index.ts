// The agent tools, front-end neutral: the `prodlens mcp` server and the editor's language model tools use these.
export { toolDefinitions, toolDefinition, TOOL_NAMES } from './definitions';
export { runAgentTool, type RunOptions } from './run';
export { AgentSnapshotCache } from './snapshotCache';
export { RESULT_BUDGET_CHARS, MAX_LIMIT, DEFAULT_LIMIT } from './budget';
export { ToolInputError } from './types';
export type { AgentActions, AgentToolHost, JsonSchema, ToolDefinition, ToolName, ToolOutcome } from './types';
