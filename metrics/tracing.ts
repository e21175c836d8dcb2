/**
 * Optional OpenTelemetry tracing (KUBECI_OTLP_ENDPOINT; off when empty): spans go over OTLP/HTTP to a
 * collector. @temporalio/interceptors-opentelemetry's plugin does the tracing: on the API's Temporal client a
 * span per workflow start, whose context travels in the start's headers; on the worker a span per activity
 * (and per workflow task when the worker bundles `workflows/` itself; a prebuilt bundle must be built with the
 * plugin's workflow interceptor module to have workflow spans, see README "Tracing").
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';

export interface Tracing {
  /** for `new Client({ plugins })` and `Worker.create({ plugins })` */
  plugin: OpenTelemetryPlugin;
  /** sends the spans still buffered, then stops */
  shutdown(): Promise<void>;
}

export function createTracing(endpoint: string, serviceName: string): Tracing {
  const resource = new Resource({ 'service.name': serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }), {
    scheduledDelayMillis: 1000,
  });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  const tracer = provider.getTracer('kube-ci');
  return { plugin: new OpenTelemetryPlugin({ resource, spanProcessor, tracer }), shutdown: () => provider.shutdown() };
}
