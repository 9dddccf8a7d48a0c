/**
 * A log value shown as text that opens a small menu: filter for, filter out, add to the
 * false-positive filter, copy. The page supplies the callbacks; an action without one is not shown.
 * Keyboard: Enter/Space/↓ opens, ↑/↓ move, Escape or Tab closes and returns focus.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

export interface ValueMenuProps {
  /** The raw value (attacker-controlled: rendered as text only). */
  value: string;
  /** The field it belongs to, e.g. "process.executable" or "Image"; shown in the menu header. */
  field?: string;
  /** What to show instead of the value, e.g. a shortened path; defaults to the value. */
  children?: ComponentChildren;
  onFilterFor?: (value: string) => void;
  onFilterOut?: (value: string) => void;
  onAddException?: (value: string) => void;
  /** Further page-specific actions, e.g. "Open host". */
  extraActions?: readonly { label: string; run: (value: string) => void }[];
}

interface Action {
  label: string;
  run: () => void;
}

export function ValueMenu(props: ValueMenuProps) {
  const { value, field, children, onFilterFor, onFilterOut, onAddException, extraActions = [] } = props;
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const [position, setPosition] = useState({ top: 0, left: 0 });
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  const actions: Action[] = [
    ...(onFilterFor ? [{ label: "Filter for", run: () => onFilterFor(value) }] : []),
    ...(onFilterOut ? [{ label: "Filter out", run: () => onFilterOut(value) }] : []),
    ...(onAddException ? [{ label: "Add to false-positive filter", run: () => onAddException(value) }] : []),
    ...extraActions.map((action) => ({ label: action.label, run: () => action.run(value) })),
    {
      label: copied ? "Copied" : "Copy",
      run: () => {
        navigator.clipboard?.writeText(value).then(
          () => setCopied(true),
          () => undefined,
        );
      },
    },
  ];

  const close = (refocus: boolean) => {
    setOpen(false);
    setCopied(false);
    if (refocus) buttonRef.current?.focus();
  };

  const openMenu = () => {
    const rect = buttonRef.current?.getBoundingClientRect();
    // Fixed to the viewport, so a scrolling table cannot clip it.
    if (rect) setPosition({ top: rect.bottom + 2, left: Math.min(rect.left, window.innerWidth - 260) });
    setOpen(true);
  };

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    const onPointer = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    const onScroll = () => close(false);
    document.addEventListener("mousedown", onPointer);
    window.addEventListener("scroll", onScroll, true);
    return () => {
      document.removeEventListener("mousedown", onPointer);
      window.removeEventListener("scroll", onScroll, true);
    };
  }, [open]);

  const onMenuKey = (event: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      (event.key === "Home" ? items[0] : items[items.length - 1])?.focus();
    }
  };

  return (
    <span class="value-menu">
      <button
        ref={buttonRef}
        type="button"
        class="value-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        title={value}
        onClick={() => (open ? close(false) : openMenu())}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            openMenu();
          }
        }}
      >
        {children ?? value}
      </button>
      {open && (
        <div
          ref={menuRef}
          class="menu"
          role="menu"
          aria-label={field ? `${field}: ${value}` : value}
          style={{ top: `${position.top}px`, left: `${position.left}px` }}
          onKeyDown={onMenuKey}
        >
          {field && <p class="menu-header mono">{field}</p>}
          {actions.map((action) => (
            <button
              key={action.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              class="menu-item"
              onClick={() => {
                action.run();
                if (action.label !== "Copy") close(true);
              }}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
