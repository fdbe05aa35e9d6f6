import { displayPath } from '../display-path.js';
import type { ChatbotGovernanceConfig } from '../governance-config.js';
import type { ChatModelChoice } from '../model-choice.js';
import type { ChatEngine } from './chat-engine.js';
import { formatMs, formatNumber, type Paint } from './paint.js';

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
  return [
    '',
    `${paint('bold', `GenOps helpdesk chatbot — ${info.title}`)} ${paint('dim', `(${info.engine.framework})`)}`,
    `  ${label('model')}${model}`,
    `  ${label('attribution')}team ${config.attribution.team} · project ${config.attribution.project} · environment ${config.attribution.environment} · feature ${config.feature}`,
    `  ${label('budgets')}${config.monthlyBudget.name}: ${formatNumber(config.monthlyBudget.limitTokens)} tokens/month for the project (soft: warns when spent, alert at ${percent(config.monthlyBudget.alertAt)})`,
    `  ${label('')}${config.customerBudget.name}: ${formatNumber(config.customerBudget.limitTokens)} tokens/day per customer (hard: blocks, alert at ${percent(config.customerBudget.alertAt)})`,
    `  ${label('policies')}${config.customerRateLimit.name}: ${config.customerRateLimit.requestsPerMinute} requests/min per customer (burst ${config.customerRateLimit.burst}) · ${config.modelAllowList.name}: ${config.modelAllowList.allow.join(', ')}`,
    `  ${label('')}SLA tier ${config.sla.tier}: answers within ${formatMs(config.sla.latencyTargetMs)} · answers capped at ${config.maxOutputTokens} tokens`,
    `  ${label('ledger')}${info.ledgerLabel}`,
    `  ${label('telemetry')}${file} (OTLP/JSON lines)${info.otlpEndpoint === undefined ? '' : ` and OTLP → ${info.otlpEndpoint}`}`,
    paint(
      'dim',
      info.interactive === false
        ? '  reading a script from stdin (one turn or /command per line)'
        : '  type a question, /help for commands, Ctrl+D to quit',
    ),
  ];
}
