import { FormatRegistry } from '@sinclair/typebox';

/**
 * String formats the protocol schemas use. TypeBox's compiler knows no formats by itself and fails
 * every value of an unregistered one, so each is registered once, here, before any schema compiles.
 */
if (!FormatRegistry.Has('uri')) {
  FormatRegistry.Set('uri', (value) => {
    try {
      return new URL(value).protocol.length > 1;
    } catch {
      return false;
    }
  });
}
