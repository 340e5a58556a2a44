import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { OperationLabels, outcomeLabel } from './boundedLabels';

/** What the metrics read from the running server when scraped, rather than being told. */
export interface MetricSources {
  /** Open graphql-ws connections. */
  webSocketConnections(): number;
  /** Subscriptions those connections hold. */
  subscriptions(): number;
  /** Password hashes and comparisons waiting for a worker (the fair hash queue's depth). */
  passwordHashQueueDepth(): number;
}

/** One finished HTTP request to `/graphql`, as its log line describes it. */
export interface FinishedOperation {
  operationName?: string;
  status: number;
  errorCodes?: readonly string[];
  seconds: number;
}

export interface GraphkeepMetrics {
  observeOperation(operation: FinishedOperation): void;
  observeStoreCall(call: string, collection: string, seconds: number): void;
  /** A login refused by the throttle; `limit` says which count tripped (account or address). */
  throttleHit(limit: string): void;
  /** Seconds from the change feed reporting a batch of changes to its events being queued for every subscriber. */
  observeDeliveryLag(seconds: number): void;
  /** The Prometheus text exposition, and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

// Seconds: from a cached read (1 ms) to a slow bcrypt-heavy batch (10 s).
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * The metrics of docs/production.md, in a registry of their own (so several servers in one
 * process keep theirs apart), with Node's default process metrics beside them. Every label is
 * bounded: operation names (`OperationLabels`), outcome codes, store calls and collections (the
 * schema's), throttle limits; never an id, a user or an address.
 */
export function createMetrics(sources: MetricSources): GraphkeepMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const operations = new OperationLabels();

  const requests = new Counter({
    name: 'graphkeep_graphql_requests_total',
    help: 'GraphQL requests over HTTP, by operation name and outcome (OK, an error code, or HTTP_<status>).',
    labelNames: ['operation', 'code'],
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'graphkeep_graphql_request_duration_seconds',
    help: 'Time from a GraphQL request arriving to its answer being sent, by operation name.',
    labelNames: ['operation'],
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const storeSeconds = new Histogram({
    name: 'graphkeep_store_call_duration_seconds',
    help: 'Time of each call to the store (SQLite or MongoDB), by call and collection.',
    labelNames: ['call', 'collection'],
    buckets: STORE_BUCKETS,
    registers,
  });
  const throttleHits = new Counter({
    name: 'graphkeep_login_throttle_hits_total',
    help: 'Logins refused by the login throttle, by the limit that was reached.',
    labelNames: ['limit'],
    registers,
  });
  const deliveryLag = new Histogram({
    name: 'graphkeep_subscription_delivery_lag_seconds',
    help: 'Time from the change feed reporting a batch of changes to its events being queued for every subscriber.',
    buckets: REQUEST_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'graphkeep_websocket_connections',
    help: 'Open graphql-ws connections.',
    registers,
    collect() {
      this.set(sources.webSocketConnections());
    },
  });
  new Gauge({
    name: 'graphkeep_subscriptions',
    help: 'Active subscriptions.',
    registers,
    collect() {
      this.set(sources.subscriptions());
    },
  });
  new Gauge({
    name: 'graphkeep_password_hash_queue_depth',
    help: 'Password hashes and comparisons waiting for a worker.',
    registers,
    collect() {
      this.set(sources.passwordHashQueueDepth());
    },
  });

  return {
    observeOperation({ operationName, status, errorCodes, seconds }) {
      const operation = operations.labelOf(operationName);
      requests.inc({ operation, code: outcomeLabel(status, errorCodes) });
      requestSeconds.observe({ operation }, seconds);
    },
    observeStoreCall: (call, collection, seconds) => storeSeconds.observe({ call, collection }, seconds),
    throttleHit: (limit) => throttleHits.inc({ limit }),
    observeDeliveryLag: (seconds) => deliveryLag.observe(seconds),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
