import { money } from '../../../../kernel/money/index.js';
import type {
  DeclineCode,
  ProviderAuthorization,
  ProviderCharge,
  ProviderRefund,
} from '../../payments.provider.js';
import type { TestCardBehaviour } from './sandbox.cards.js';
import type { SandboxObject } from './sandbox.store.js';

/** What the sandbox keeps in a card's `data`. */
export interface CardData {
  behaviour: TestCardBehaviour;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** What the sandbox keeps in an authorisation's or a charge's `data`. */
export interface MoveData {
  declineCode?: DeclineCode;
  expiresAt?: string;
}

/** An object's `data` JSON. */
export const parse = <T>(row: SandboxObject) => JSON.parse(row.data) as T;

/** A stored authorisation as the port answers it. */
export function toAuthorization(row: SandboxObject): ProviderAuthorization {
  const data = parse<MoveData>(row);
  const status =
    row.status === 'requires_action'
      ? 'requires_action'
      : row.status === 'declined'
        ? 'declined'
        : 'authorized';
  return {
    id: row.id,
    status,
    ...(data.declineCode ? { declineCode: data.declineCode } : {}),
    ...(data.expiresAt ? { expiresAt: data.expiresAt } : {}),
  };
}

/** A stored charge (a capture or an off-session charge) as the port answers it. */
export function toCharge(row: SandboxObject): ProviderCharge {
  const data = parse<MoveData>(row);
  return {
    id: row.id,
    status: row.status as ProviderCharge['status'],
    ...(data.declineCode ? { declineCode: data.declineCode } : {}),
    amount: money(row.amount, row.currency!),
  };
}

/** A stored refund as the port answers it (the sandbox settles refunds at once). */
export function toRefund(row: SandboxObject): ProviderRefund {
  return { id: row.id, status: 'succeeded', amount: money(row.amount, row.currency!) };
}
