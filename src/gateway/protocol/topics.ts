import type { InboundKind } from './messages.js';

/** Topic layout: `{prefix}/stations/{stationId}/{kind}`; commands go to `{prefix}/stations/{stationId}/command`. */
export const INBOUND_KINDS: readonly InboundKind[] = [
  'status',
  'hello',
  'heartbeat',
  'inventory',
  'event',
  'result',
];
const INBOUND = new Set<string>(INBOUND_KINDS);

export interface ParsedTopic {
  stationId: string;
  kind: string;
}

export class Topics {
  private readonly stationsRoot: string;

  constructor(readonly prefix: string) {
    this.stationsRoot = `${prefix}/stations/`;
  }

  /** The topic a station publishes a kind of message to. */
  inbound(stationId: string, kind: InboundKind): string {
    return `${this.stationsRoot}${stationId}/${kind}`;
  }

  /** The one topic a station subscribes to. */
  command(stationId: string): string {
    return `${this.stationsRoot}${stationId}/command`;
  }

  /** The platform's subscription covering every station's inbound messages. */
  inboundWildcard(): string {
    return `${this.stationsRoot}+/+`;
  }

  /** Splits a topic under `{prefix}/stations/`; undefined when it is not of that shape. */
  parse(topic: string): ParsedTopic | undefined {
    if (!topic.startsWith(this.stationsRoot)) return undefined;
    const rest = topic.slice(this.stationsRoot.length);
    const slash = rest.indexOf('/');
    if (slash <= 0 || rest.indexOf('/', slash + 1) !== -1) return undefined;
    return { stationId: rest.slice(0, slash), kind: rest.slice(slash + 1) };
  }

  isInboundKind(kind: string): kind is InboundKind {
    return INBOUND.has(kind);
  }
}
