import { displayPath } from '../display-path.js';
import type { ChatbotGovernanceConfig } from '../governance-config.js';
import type { ChatModelChoice } from '../model-choice.js';
import type { ChatEngine } from './chat-engine.js';
import { formatMs, formatNumber, type Paint } from './paint.js';
import { wrapLine } from './wrap-text.js';

/** What {@link formatBanner} shows. */
export interface BannerInfo {
  readonly title: string;
  readonly engine: ChatEngine;
  readonly modelChoice: ChatModelChoice;
  readonly config: ChatbotGovernanceConfig;
  readonly ledgerLabel: string;
  readonly telemetryFile: string;
  readonly otlpEndpoint?: string | undefined;
  readonly interactive?: boolean;
  readonly paint: Paint;
  /** The model allow-list in force (the config's plus the model the user configured). */
  readonly allowedModels?: readonly string[];
  /** Retries per answer (every attempt is shown). */
  readonly maxRetries?: number;
  /** Terminal width to wrap to (continuation lines aligned under the values). Default: no wrapping. */
  readonly width?: number | undefined;
}

/**
 * The banner: framework, model (the offline model clearly labelled), governance, ledger, telemetry.
 *
 * @example
 * ```ts
 * output.write(formatBanner({ title, engine, modelChoice, config, ledgerLabel, telemetryFile, paint }).join('\n'));
 * ```
 */
export function formatBanner(info: BannerInfo): string[] {
  const { config, paint } = info;
  const percent = (fractions: readonly number[]) =>
    fractions.map((fraction) => `${Math.round(fraction * 100)}%`).join(', ');
  const label = (text: string) => paint('dim', text.padEnd(12));
  const model =
    info.modelChoice.kind === 'offline'
      ? paint('yellow', `⚠ ${info.modelChoice.label}`)
      : info.modelChoice.label;
  const file = displayPath(info.telemetryFile);
  const allowed = info.allowedModels ?? config.modelAllowList.allow;
  const retries =
    info.modelChoice.kind === 'offline' || info.maxRetries === undefined
      ? []
      : [
          `  ${label('retries')}${info.maxRetries === 0 ? 'none' : `up to ${info.maxRetries} per answer`} (GENOPS_MAX_RETRIES; each attempt is governed and charged on its own, and shown)`,
        ];
  const lines = [
    '',
    `${paint('bold', `GenOps helpdesk chatbot — ${info.title}`)} ${paint('dim', `(${info.engine.framework})`)}`,
    `  ${label('model')}${paint('bold', info.modelChoice.defaultModel)} — ${model}`,
    ...retries,
    `  ${label('attribution')}team ${config.attribution.team} · project ${config.attribution.project} · environment ${config.attribution.environment} · feature ${config.feature}`,
    `  ${label('budgets')}${config.monthlyBudget.name}: ${formatNumber(config.monthlyBudget.limitTokens)} tokens/month for the project (soft: warns when spent, alert at ${percent(config.monthlyBudget.alertAt)})`,
    `  ${label('')}${config.customerBudget.name}: ${formatNumber(config.customerBudget.limitTokens)} tokens/day per customer (hard: blocks, alert at ${percent(config.customerBudget.alertAt)})`,
    `  ${label('policies')}${config.customerRateLimit.name}: ${config.customerRateLimit.requestsPerMinute} requests/min per customer (burst ${config.customerRateLimit.burst})`,
    `  ${label('')}${config.modelAllowList.name}: ${allowed.join(', ')}`,
    `  ${label('')}SLA tier ${config.sla.tier}: answers within ${formatMs(config.sla.latencyTargetMs)}`,
    `  ${label('output cap')}${formatNumber(config.maxOutputTokens)} tokens per answer, reserved up front (the chat's setting; /max-tokens changes it)`,
    `  ${label('ledger')}${info.ledgerLabel}`,
    `  ${label('telemetry')}${file} (OTLP/JSON lines)${info.otlpEndpoint === undefined ? '' : ` and OTLP → ${info.otlpEndpoint}`}`,
    paint(
      'dim',
      info.interactive === false
        ? '  reading a script from stdin (one turn or /command per line)'
        : '  type a question, /help for commands; Ctrl+C stops an answer, Ctrl+D quits',
    ),
  ];
  return lines.flatMap((line) => wrapLine(line, info.width, ' '.repeat(14)));
}
