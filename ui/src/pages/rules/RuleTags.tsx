/** A rule's tags; ATT&CK technique tags (attack.t1059.001) link to the technique's page. */
import { techniqueOf } from "../alerts/attack";

export function RuleTags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <span class="muted">none</span>;
  return (
    <span class="rule-tags">
      {tags.map((tag) => {
        const technique = techniqueOf(tag);
        return technique ? (
          <a
            key={tag}
            class="badge"
            href={technique.url}
            target="_blank"
            rel="noopener noreferrer"
            title={technique.id}
          >
            {tag}
          </a>
        ) : (
          <span key={tag} class="badge">
            {tag}
          </span>
        );
      })}
    </span>
  );
}
