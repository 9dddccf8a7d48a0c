/**
 * The rule packs above the rules list: each pack's switch, what it holds and whether it is the
 * shipped default, and the SigmaHQ release the packs come from. A switch changes the active rule set
 * for every isolate's next batch, so the list below is read again after it.
 */
import { useState } from "preact/hooks";
import { errorText } from "../../api/client";
import { type RulePack, type RulePackList, rulesApi } from "../../api/rules";
import { ErrorBanner } from "../../components/Feedback";
import { Link } from "../../components/Link";
import { BacktestPanel } from "./BacktestPanel";

interface RulePacksProps {
  packs: RulePackList;
  canWrite: boolean;
  onChanged: (packs: RulePackList) => void;
}

function packNote(pack: RulePack, packs: readonly RulePack[]): string | null {
  if (pack.enabled || !pack.effective) return null;
  const holder = packs.find((other) => other.enabled && other.includes.includes(pack.id));
  return holder ? `on through ${holder.id}` : null;
}

export function RulePacks({ packs, canWrite, onChanged }: RulePacksProps) {
  const [busy, setBusy] = useState<string>();
  const [trying, setTrying] = useState<string>();
  const [error, setError] = useState<unknown>();

  const toggle = async (pack: RulePack) => {
    setBusy(pack.id);
    setError(undefined);
    try {
      await rulesApi.setPackEnabled(pack.id, !pack.enabled);
      onChanged(await rulesApi.packs());
    } catch (failure) {
      setError(
        new Error(`Could not ${pack.enabled ? "disable" : "enable"} the ${pack.id} pack: ${errorText(failure)}`),
      );
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="card rule-packs" aria-label="Rule packs">
      <div class="rule-packs-header">
        <h2>Rule packs</h2>
        {packs.current_release.source === "stored" ? (
          <span class="muted">
            SigmaHQ release {packs.current_release.name}, applied {packs.current_release.applied_at?.slice(0, 10)} (DRL
            1.1)
          </span>
        ) : (
          packs.release && (
            <span class="muted">
              SigmaHQ {packs.release.date}, commit <span class="mono">{packs.release.commit.slice(0, 10)}</span> (DRL
              1.1)
            </span>
          )
        )}
      </div>
      <ErrorBanner error={error} />
      <ul class="rule-pack-list">
        {packs.packs.map((pack) => {
          const note = packNote(pack, packs.packs);
          return (
            <li key={pack.id} class="rule-pack">
              {canWrite ? (
                <input
                  type="checkbox"
                  class="switch"
                  checked={pack.enabled}
                  disabled={busy !== undefined}
                  aria-label={`${pack.enabled ? "Disable" : "Enable"} the ${pack.id} pack`}
                  onChange={() => toggle(pack)}
                />
              ) : (
                <span class={pack.enabled ? "" : "muted"}>{pack.enabled ? "on" : "off"}</span>
              )}
              <div class="rule-pack-name">
                <Link href={`/rules?pack=${encodeURIComponent(pack.id)}`}>{pack.id}</Link>
                {pack.enabled_by_default && <span class="badge">default</span>}
                {note && <span class="muted">{note}</span>}
              </div>
              <span class="muted rule-pack-description">{pack.description}</span>
              <span class="num">
                {pack.rules.toLocaleString()} rules
                {pack.failed > 0 && <span class="muted"> ({pack.failed} failed)</span>}
              </span>
              {canWrite && !pack.effective ? (
                <button
                  type="button"
                  class="button small"
                  aria-pressed={trying === pack.id}
                  aria-label={`Backtest the ${pack.id} pack`}
                  onClick={() => setTrying(trying === pack.id ? undefined : pack.id)}
                >
                  Backtest
                </button>
              ) : (
                <span />
              )}
            </li>
          );
        })}
      </ul>
      {trying !== undefined && (
        <BacktestPanel
          key={trying}
          request={{ pack: trying }}
          hint={`What the ${trying} pack would have raised on the stored events, before you switch it on: its rules that are off.`}
        />
      )}
    </section>
  );
}
