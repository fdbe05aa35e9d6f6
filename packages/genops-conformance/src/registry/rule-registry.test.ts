import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRuleTable } from '../internal/render-rule-table.js';
import { ATTRIBUTE_REGISTRY } from './attribute-registry.js';
import { EVENT_REGISTRY } from './event-registry.js';
import { getRule, RULES } from './rule-registry.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const BEGIN = '<!-- rules:begin (generated from src/registry/rule-registry.ts) -->';
const END = '<!-- rules:end -->';

/** Table rows as trimmed cells, so that Markdown formatting (column alignment) does not matter. */
function normalizeTable(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/^-+$/, '---').replace(/\s+/g, ' ')),
    );
}

describe('rule registry', () => {
  it('has unique ids of the form <section>/<slug> matching the section', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^\d+(\.\d+)*\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.id.split('/')[0]).toBe(rule.section);
      expect(getRule(rule.id)).toBe(rule);
    }
  });

  it('quotes the spec for every rule: a section and a sentence', () => {
    for (const rule of RULES) {
      expect(rule.spec.section, rule.id).toMatch(
        /^(§\d+(\.\d+)*( \(\d+\))?|Appendix [AB])(, (§\d+(\.\d+)*|Appendix [AB]))*$/,
      );
      expect(rule.spec.text, rule.id).toMatch(/^\S.{15,}$/);
      expect(rule.spec.text, rule.id).not.toMatch(/`|\]\(/);
    }
  });

  it('is listed in the README table, kept in sync with the registry', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(BEGIN);
    const end = readme.indexOf(END);
    const expected = `${BEGIN}\n${renderRuleTable()}\n${END}`;
    if (process.env.UPDATE_README === '1' && start >= 0 && end > start) {
      writeFileSync(README, readme.slice(0, start) + expected + readme.slice(end + END.length));
      return;
    }
    expect(start, 'README rule table markers').toBeGreaterThanOrEqual(0);
    expect(
      normalizeTable(readme.slice(start, end + END.length)),
      'README rule table is stale: run UPDATE_README=1 npx vitest run packages/genops-conformance/src/registry, then npx biome format --write packages/genops-conformance/README.md',
    ).toEqual(normalizeTable(expected));
    for (const rule of RULES) expect(readme).toContain(`\`${rule.id}\``);
  });

  it('defines every attribute used by the event schemas', () => {
    for (const event of Object.values(EVENT_REGISTRY)) {
      for (const name of [
        ...(event?.requiredAttributes ?? []),
        ...(event?.conditionalAttributes ?? []),
        ...(event?.optionalAttributes ?? []),
      ]) {
        expect(ATTRIBUTE_REGISTRY[name], name).toBeDefined();
      }
    }
  });

  it('holds the 39 attributes of Appendix A and the 6 events of Appendix B', () => {
    expect(Object.keys(ATTRIBUTE_REGISTRY)).toHaveLength(39);
    expect(Object.keys(EVENT_REGISTRY)).toHaveLength(6);
  });
});
