import { Modal } from "../../components/Modal";
import { CopyButton } from "./CopyButton";
import { agentSnippets } from "./snippets";

interface NewTokenModalProps {
  name: string;
  token: string;
  onClose: () => void;
}

/** The one time a token's secret is shown: the token, and the commands that use it, ready to copy. */
export function NewTokenModal({ name, token, onClose }: NewTokenModalProps) {
  const snippets = agentSnippets(location.origin, token);
  return (
    <Modal
      title={`Agent token "${name}" created`}
      size="wide"
      onClose={onClose}
      footer={
        <button type="button" class="button primary" onClick={onClose}>
          Done
        </button>
      }
    >
      <div class="token-created">
        <p class="warning" role="note">
          Copy the token now: it is shown only this once. Lost tokens cannot be recovered; revoke it and create another.
        </p>
        <div class="token-secret">
          <code class="token-value" data-testid="new-token">
            {token}
          </code>
          <CopyButton text={token} label="Copy token" />
        </div>
        {snippets.map((snippet) => (
          <section key={snippet.id} class="token-snippet" aria-labelledby={`snippet-${snippet.id}`}>
            <div class="token-snippet-header">
              <h3 id={`snippet-${snippet.id}`}>{snippet.title}</h3>
              <CopyButton text={snippet.code} label={`Copy ${snippet.title} command`} />
            </div>
            <p class="muted">{snippet.note}</p>
            <pre>
              <code>{snippet.code}</code>
            </pre>
          </section>
        ))}
      </div>
    </Modal>
  );
}
