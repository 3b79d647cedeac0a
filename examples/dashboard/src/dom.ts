import type { CombinedError } from '@urql/core';

type Child = Node | string | null | undefined | false;

/** A new element with attributes and children (falsy children are left out). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

const COUNT = new Intl.NumberFormat('en-US');

/** A count as shown everywhere on the page; null (the upstream did not say) is a dash. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : COUNT.format(value);
}

/** A message shown where the missing value would have been. */
export function errorMessage(message: string, code?: string): HTMLParagraphElement {
  return el('p', { class: 'error', role: 'alert', ...(code ? { 'data-code': code } : {}) }, message);
}

/** The message for a root field that came back null: its own error, or why the request failed. */
export function rootFieldError(error: CombinedError | undefined, field: string): HTMLParagraphElement {
  const own = error?.graphQLErrors.find((graphQLError) => graphQLError.path?.length === 1 && graphQLError.path[0] === field);
  if (own) return errorMessage(own.message, String(own.extensions.code ?? ''));
  return errorMessage(error?.networkError ? `instagraph could not be reached: ${error.networkError.message}` : (error?.message ?? 'No answer'));
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
}
