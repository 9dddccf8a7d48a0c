import { useEffect, useState } from "preact/hooks";

type CopyState = "idle" | "copied" | "failed";

/**
 * Copies `text` to the clipboard and says so. Where the clipboard is refused (an insecure origin,
 * a denied permission) it says that instead, and the text stays selectable on the page.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  };

  return (
    <button type="button" class="button small" aria-label={label} onClick={copy}>
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy blocked: select it" : "Copy"}
      </span>
    </button>
  );
}
