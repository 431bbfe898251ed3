import { newId } from '../../kernel/ids.js';

/** Kinds the kernel names (ID_PREFIXES): payment `pay`, card `card`, refund `rfd`, receipt `rcp`. */
type KernelKind = 'payment' | 'card' | 'refund' | 'receipt';

/**
 * Ids only the payments module (and its sandbox processor, which plays a remote system) ever makes:
 * they take the kernel's monotonic ULID under their own prefix.
 */
const LOCAL_PREFIXES = {
  ledgerEntry: 'led',
  ledgerGroup: 'lgr',
  sandboxCustomer: 'cus_sbx',
  sandboxCard: 'pm_sbx',
  sandboxAuthorization: 'auth_sbx',
  sandboxCharge: 'ch_sbx',
  sandboxRefund: 're_sbx',
  sandboxRecord: 'rec_sbx',
} as const;

export type PaymentsIdKind = KernelKind | keyof typeof LOCAL_PREFIXES;

/** A new prefixed ULID of a payments kind, e.g. `pay_01JD…`, `auth_sbx_01JD…`. */
export function paymentsId(kind: PaymentsIdKind, atMs: number = Date.now()): string {
  if (kind in LOCAL_PREFIXES) {
    const ulid = newId('payment', atMs).slice('pay_'.length);
    return `${LOCAL_PREFIXES[kind as keyof typeof LOCAL_PREFIXES]}_${ulid}`;
  }
  return newId(kind as KernelKind, atMs);
}
