import type { ComponentChildren } from "preact";
import { navigate } from "../router";

interface LinkProps {
  href: string;
  class?: string;
  /** Marks the link as the current page (aria-current="page"). */
  current?: boolean;
  title?: string;
  children: ComponentChildren;
}

/** An ordinary link that changes page without a reload; modified clicks (new tab...) stay the browser's. */
export function Link({ href, class: className, current, title, children }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} class={className} title={title} aria-current={current ? "page" : undefined} onClick={onClick}>
      {children}
    </a>
  );
}
