import { Registry, collectDefaultMetrics } from 'prom-client';

const registries = new Map<string, Registry>();

/**
 * Node's own metrics (event-loop lag, memory, GC, handles) under `prefix`, one registry per
 * prefix for the whole process: they describe the process, and each collection keeps an
 * event-loop monitor running, so a test process with many boxes must not start one per box.
 */
export function processMetrics(prefix: string): Registry {
  let registry = registries.get(prefix);
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix, eventLoopMonitoringPrecision: 20 });
    registries.set(prefix, registry);
  }
  return registry;
}
