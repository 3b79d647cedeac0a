import type { Operation } from '@urql/core';
import type { Cost } from './cost';
import { el, formatCount } from './dom';

/** What each query spent upstream, newest first, with the total so far. */
export class CostPanel {
  private readonly rows = el('tbody');
  private readonly total = el('td', { class: 'total-calls' }, '0');
  private totalCalls = 0;

  constructor(target: HTMLElement) {
    target.replaceChildren(
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, el('th', {}, 'query'), el('th', {}, 'estimated'), el('th', {}, 'upstream calls'), el('th', {}, 'cache hits'))),
        this.rows,
        el('tfoot', {}, el('tr', {}, el('th', { colspan: '2' }, 'total'), this.total, el('td'))),
      ),
    );
  }

  add(operation: Operation, cost: Cost): void {
    this.totalCalls += cost.upstreamCalls;
    this.total.textContent = formatCount(this.totalCalls);
    const row = el(
      'tr',
      { 'data-upstream-calls': String(cost.upstreamCalls), 'data-cache-hits': String(cost.cacheHits) },
      el('td', {}, describe(operation)),
      el('td', {}, formatCount(cost.estimated)),
      el('td', {}, formatCount(cost.upstreamCalls)),
      el('td', {}, formatCount(cost.cacheHits)),
    );
    this.rows.prepend(row);
  }
}

function describe(operation: Operation): string {
  const definition = operation.query.definitions.find((node) => node.kind === 'OperationDefinition');
  const name = definition && 'name' in definition ? (definition.name?.value ?? 'anonymous') : 'anonymous';
  const variables = operation.variables as Record<string, unknown>;
  const page = variables.after ? ', next page' : '';
  return `${name} (@${String(variables.username)}${page})`;
}
