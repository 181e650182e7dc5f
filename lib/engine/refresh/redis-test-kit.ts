// For tests only.
import { RedisRotationStore } from "./redis-rotation-store";

/**
 * The stores a test file opens, to close before its Redis stops: a store left open reconnects to
 * the stopped server until the test process exits, each attempt a line in the test log.
 */
export function openedStores() {
  const opened: RedisRotationStore[] = [];
  return {
    open(...args: ConstructorParameters<typeof RedisRotationStore>) {
      const store = new RedisRotationStore(...args);
      opened.push(store);
      return store;
    },
    closeAll: () => Promise.all(opened.splice(0).map((store) => store.close())),
  };
}
