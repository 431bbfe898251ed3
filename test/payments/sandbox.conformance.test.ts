import { afterAll, describe } from 'vitest';
import { TestClock } from '../../src/kernel/clock.js';
import {
  SANDBOX_HOLD_TTL_MS,
  SANDBOX_TEST_CARDS,
  createSandboxProvider,
} from '../../src/modules/payments/index.js';
import { testDialects } from '../helpers/db.js';
import { paymentsDatabase } from './payments.harness.js';
import { describeProviderConformance } from './provider.conformance.js';

const card = (number: string) => ({ kind: 'test_card', number }) as const;

describe.each(testDialects())('sandbox processor on %s', (dialect) => {
  const clock = new TestClock();
  let drop: () => Promise<void> = async () => {};
  afterAll(() => drop());

  describeProviderConformance(
    `sandbox (${dialect})`,
    async () => {
      const database = await paymentsDatabase(dialect);
      drop = () => database.drop();
      return createSandboxProvider({ database, clock });
    },
    {
      success: card(SANDBOX_TEST_CARDS.succeeds),
      declined: card(SANDBOX_TEST_CARDS.declined),
      insufficientFunds: card(SANDBOX_TEST_CARDS.insufficient_funds),
      authenticationRequired: card(SANDBOX_TEST_CARDS.authentication_required),
    },
    // Holds expire after seven days on the sandbox's clock.
    { expireHold: () => clock.advance(SANDBOX_HOLD_TTL_MS) },
  );
});
