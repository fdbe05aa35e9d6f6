import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/**
 * One line per GenOps AWU span with ids normalised to letters, in tree order (each
 * root, then its children depth-first; siblings by start time), so that inline snapshots show the
 * AWU tree (`<` parent letter, `ext` for a non-AWU parent), the decision and the exact accounting:
 * `B<A chat gpt-4o-mini [inference] ALLOWED reserved=120 actual=25 (incomplete) outcome=succeeded`.
 */
export function summarizeAwuTree(spans: readonly ReadableSpan[]): string[] {
  const awus = spans
    .filter((span) => span.attributes['genops.spec.version'] !== undefined)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  const ids = new Set(awus.map((span) => span.spanContext().spanId));
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
  const ordered: ReadableSpan[] = [];
  const visit = (parent: string | undefined) => {
    for (const span of awus) {
      const parentId = parentOf(span);
      const isRoot = parentId === undefined || !ids.has(parentId);
      if (parent === undefined ? isRoot : parentId === parent) {
        ordered.push(span);
        visit(span.spanContext().spanId);
      }
    }
  };
  visit(undefined);
  const letters = new Map<string, string>();
  ordered.forEach((span, index) => {
    letters.set(span.spanContext().spanId, String.fromCharCode(65 + index));
  });
  return ordered.map((span) => {
    const a = span.attributes;
    const id = letters.get(span.spanContext().spanId) ?? '?';
    const parentId = parentOf(span);
    const parent = parentId === undefined ? '' : `<${letters.get(parentId) ?? 'ext'}`;
    const decision =
      a['genops.policy.reason_code'] === undefined
        ? String(a['genops.policy.result'])
        : `${String(a['genops.policy.result'])}:${String(a['genops.policy.reason_code'])}`;
    const accounting = [
      a['genops.accounting.reserved'] === undefined
        ? undefined
        : `reserved=${String(a['genops.accounting.reserved'])}`,
      a['genops.accounting.actual'] === undefined
        ? undefined
        : `actual=${String(a['genops.accounting.actual'])}`,
      a['genopsjs.accounting.incomplete'] === true ? '(incomplete)' : undefined,
    ].filter((part) => part !== undefined);
    return [
      `${id}${parent}`,
      String(a['genops.operation.name']),
      `[${String(a['genops.operation.type'])}]`,
      decision,
      ...accounting,
      `outcome=${String(a['genopsjs.awu.outcome'])}`,
    ].join(' ');
  });
}
