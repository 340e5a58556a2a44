import { SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

/** Where spans go, for a test that reads them (the SDK's in-memory exporter); production takes the `OTEL_*` exporters. */
export type SpanProcessors = NonNullable<NodeSDKConfiguration['spanProcessors']>;

let tracer: Tracer | undefined;

/**
 * Whether the standard variables ask for traces: an exporter other than `none`
 * (`OTEL_TRACES_EXPORTER=otlp`, `console`, `zipkin`) or an OTLP endpoint, and not
 * `OTEL_SDK_DISABLED=true`. Unset, tracing is off and the SDK is never loaded.
 */
export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (exporters.length > 0) return !exporters.every((name) => name === 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts OpenTelemetry's Node SDK (exporter, sampler, resource from the `OTEL_*` variables) and
 * returns its shutdown, which flushes what is buffered. One per process: it registers the global
 * tracer provider and the async context that makes store calls children of their operation.
 */
export async function startTracing(spanProcessors?: SpanProcessors): Promise<() => Promise<void>> {
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({ serviceName: 'graphkeep', ...(spanProcessors ? { spanProcessors } : {}) });
  sdk.start();
  tracer = trace.getTracer('graphkeep');
  return async () => {
    tracer = undefined;
    await sdk.shutdown();
    trace.disable();
  };
}

/**
 * Runs `work` inside a span named `name`, a child of the active one, ended when `work` settles
 * (marked as an error when it throws). With tracing off, `work()` alone: nothing is allocated.
 * Attributes name what was done (a collection, an operation), never values: no secrets.
 */
export function withSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!tracer) return work();
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The span of the operation being answered, to name it once the operation is known; undefined with tracing off. */
export function currentSpan(): Span | undefined {
  return tracer ? trace.getActiveSpan() : undefined;
}
