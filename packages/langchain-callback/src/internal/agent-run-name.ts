import { serializedName } from './read-model-info.js';

/**
 * @internal The agent name when a chain run is an agent run: the graph of a `createAgent` agent
 * (langchain 1.x, metadata `ls_integration: 'langchain_create_agent'`) or a classic
 * `AgentExecutor`; `undefined` for any other run.
 */
export function agentRunName(
  serialized: unknown,
  metadata: Record<string, unknown> | undefined,
  runName: string | undefined,
): string | undefined {
  const className = serializedName(serialized);
  if (className === 'AgentExecutor') return runName ?? className;
  if (className === 'CompiledStateGraph' && metadata?.ls_integration === 'langchain_create_agent') {
    const name = metadata.lc_agent_name;
    return typeof name === 'string' && name !== '' ? name : (runName ?? 'agent');
  }
  return undefined;
}
