/**
 * One place for the busy/failure state of a user action (a save, a delete, a status change), so every
 * button disables itself and shows its error the same way.
 */
import { useState } from "preact/hooks";

export interface ActionState {
  /** True while an action runs: disable its controls. */
  busy: boolean;
  /** What the last action threw (for `ErrorBanner`); cleared when the next one starts. */
  failure: unknown;
  setFailure: (failure: unknown) => void;
  /** Runs the action; a thrown error becomes `failure` and the answer is false, else true. */
  run: (action: () => Promise<void>) => Promise<boolean>;
}

export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const run = async (action: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
      return true;
    } catch (error) {
      setFailure(error);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { busy, failure, setFailure, run };
}
