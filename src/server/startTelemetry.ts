import type { Config } from '../config/loadConfig';
import type { MetricsEndpoint } from '../http/serveMetrics';
import type { GraphkeepMetrics, MetricSources } from '../telemetry/metrics';
import { startTracing, tracingWanted, type SpanProcessors } from '../telemetry/tracing';

export interface Telemetry {
  /** Undefined when metrics are off: nothing is counted or timed. */
  metrics?: GraphkeepMetrics;
  endpoint?: MetricsEndpoint;
  /** Whether store calls need wrapping (metrics or traces on); when neither, the store is used as it is. */
  instrumented: boolean;
  stop(): Promise<void>;
}

/**
 * Metrics from `METRICS_TOKEN`/`METRICS`, traces from the standard `OTEL_*` variables (or the
 * span processors a test passes). Both off by default, and then free: no registry, no SDK, no
 * wrapper around the store.
 */
export async function startTelemetry(
  config: Config,
  sources: MetricSources,
  options: { env?: NodeJS.ProcessEnv; spanProcessors?: SpanProcessors } = {},
): Promise<Telemetry> {
  const access: MetricsEndpoint['access'] | undefined = config.METRICS_TOKEN
    ? { kind: 'token', token: config.METRICS_TOKEN }
    : config.METRICS === 'public'
      ? { kind: 'public' }
      : undefined;
  // Loaded only when wanted: prom-client is not free to load, and most processes (commands, tests) never scrape.
  const metrics = access ? (await import('../telemetry/metrics')).createMetrics(sources) : undefined;
  const tracing = options.spanProcessors !== undefined || tracingWanted(options.env ?? process.env);
  const stopTracing = tracing ? await startTracing(options.spanProcessors) : undefined;
  return {
    metrics,
    endpoint: metrics && access ? { access, render: () => metrics.render() } : undefined,
    instrumented: Boolean(metrics) || tracing,
    stop: async () => stopTracing?.(),
  };
}
