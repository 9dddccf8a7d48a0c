/**
 * Why a rule is noisy: its latest alerts' newest events, read again as rules and exceptions read
 * them, and the field=value pairs most of them share (alerts/noise-fields.ts). Bounded by the sample.
 */
import { leastVaryingFields, type NoiseCandidate } from "../alerts/noise-fields.ts";
import { createEventView } from "../detect/event-view.ts";
import type { EventView } from "../detect/types.ts";
import { renormalise } from "../ingest/stored-event.ts";
import { FIELD_MAP } from "../sources/field-map.ts";
import type { StoreHandle } from "../store/handle.ts";
import { latestAlertEvents } from "../store/rule-noise.ts";

export const DEFAULT_NOISE_SAMPLE = 100;
export const MAX_NOISE_SAMPLE = 200;

export interface RuleNoiseResult {
  sampled: number;
  read: number;
  fields: NoiseCandidate[];
}

export async function ruleNoise(
  store: StoreHandle,
  ruleId: string,
  window: { from: number; to: number },
  sample: number,
): Promise<RuleNoiseResult> {
  const sampled = await latestAlertEvents(store, ruleId, window, sample);
  const views: EventView[] = [];
  for (const { event } of sampled) {
    const normalised = event === null ? null : renormalise(event);
    if (normalised !== null) views.push(createEventView(normalised, FIELD_MAP));
  }
  return { sampled: sampled.length, read: views.length, fields: leastVaryingFields(ruleId, views) };
}
