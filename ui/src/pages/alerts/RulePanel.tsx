/** The rule that raised the alert: title (linked to its page), level, description, ATT&CK techniques. */
import type { AlertDetail } from "../../api/alerts";
import { LevelBadge } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { splitTags } from "./attack";
import { ruleHref } from "./links";

export function RulePanel({ alert }: { alert: AlertDetail }) {
  const { rule } = alert;
  const { techniques, other } = splitTags(alert.tags);
  return (
    <section class="panel alert-rule" aria-labelledby="alert-rule-heading">
      <h2 id="alert-rule-heading">Rule</h2>
      <p class="alert-rule-title">
        {rule.kind === "correlation" ? <span>{rule.title}</span> : <Link href={ruleHref(rule.id)}>{rule.title}</Link>}{" "}
        <LevelBadge level={alert.level} />
      </p>
      <p class="muted mono small-text">{rule.id}</p>
      {rule.description ? (
        <p class="alert-rule-description">{rule.description}</p>
      ) : (
        <p class="muted">No description.</p>
      )}
      <h3>ATT&CK techniques</h3>
      {techniques.length === 0 ? (
        <p class="muted">None tagged.</p>
      ) : (
        <ul class="technique-list">
          {techniques.map((technique) => (
            <li key={technique.id}>
              <a class="badge technique" href={technique.url} target="_blank" rel="noopener noreferrer">
                {technique.id}
              </a>
            </li>
          ))}
        </ul>
      )}
      {other.length > 0 && (
        <p class="tag-list">
          {other.map((tag) => (
            <span key={tag} class="badge">
              {tag}
            </span>
          ))}
        </p>
      )}
      {rule.falsepositives.length > 0 && (
        <>
          <h3>Known false positives</h3>
          <ul class="plain-list">
            {rule.falsepositives.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
