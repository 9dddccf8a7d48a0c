/** Starting points for a new rule, one per kind: small, valid, and showing the parts people edit. */
import type { RuleKind } from "../../api/rules";

export const KIND_LABELS: Record<RuleKind, string> = { sigma: "Sigma YAML", simple: "Simple line" };

/** A Sigma rule needs its own id: every new template gets a fresh one. */
export function ruleTemplate(kind: RuleKind, author: string): string {
  if (kind === "simple") {
    return "- 'whoami*/all'  # level: medium; tags: attack.discovery, attack.t1033; title: Whoami listing everything\n";
  }
  return `title: Whoami listing everything
id: ${crypto.randomUUID()}
status: experimental
description: whoami /all shows the user's groups and privileges, a common first step after a compromise.
author: ${author}
level: medium
tags:
  - attack.discovery
  - attack.t1033
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
    CommandLine|contains: '/all'
  condition: selection
fields:
  - CommandLine
  - User
`;
}
