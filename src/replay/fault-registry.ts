import type { RoutedRequest } from './routing';
import type { FaultRule } from './types';

/** The faults tests have injected; the first matching rule with uses left applies to a call. */
export interface FaultRegistry {
  add(rule: FaultRule): void;
  clear(): void;
  /** The rule for this call, if any, using up one of its `times`. */
  take(request: RoutedRequest): FaultRule | null;
}

interface ActiveFault {
  rule: FaultRule;
  remaining: number;
}

function faultMatches(rule: FaultRule, request: RoutedRequest): boolean {
  if (rule.provider && rule.provider !== request.provider) return false;
  if (rule.path && rule.path !== request.path) return false;
  for (const [name, value] of Object.entries(rule.params ?? {})) {
    if (request.params.get(name) !== value) return false;
  }
  return true;
}

export function createFaultRegistry(): FaultRegistry {
  let faults: ActiveFault[] = [];
  return {
    add(rule) {
      faults.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      faults = [];
    },
    take(request) {
      const active = faults.find((fault) => fault.remaining > 0 && faultMatches(fault.rule, request));
      if (!active) return null;
      active.remaining -= 1;
      return active.rule;
    },
  };
}
