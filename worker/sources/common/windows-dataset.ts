/**
 * The dataset a Windows event log channel's events are stored under. Its own module because the
 * source declarations (and through them the UI) name datasets by channel, without the parsers.
 */

const DATASET_BY_CHANNEL: Record<string, string> = {
  "microsoft-windows-sysmon/operational": "windows.sysmon_operational",
  security: "windows.security",
  "microsoft-windows-powershell/operational": "windows.powershell_operational",
  "windows powershell": "windows.powershell",
  system: "windows.system",
  // Sysmon for Linux writes the same events under its own channel; Sigma's linux categories read them.
  "linux-sysmon/operational": "linux.sysmon_operational",
};

/** Most channels are Microsoft-Windows-<provider>/<log>; the prefix says nothing `windows.` does not. */
const PROVIDER_PREFIX = "microsoft-windows-";

/**
 * Channel names are case-insensitive on Windows; other channels keep their name, without the
 * Microsoft-Windows- prefix, in a column-safe form: `Microsoft-Windows-TaskScheduler/Operational`
 * is `windows.taskscheduler_operational`, as Sysmon's channel is `windows.sysmon_operational`.
 */
export function windowsDataset(channel: string): string {
  const lower = channel.toLowerCase();
  if (Object.hasOwn(DATASET_BY_CHANNEL, lower)) return DATASET_BY_CHANNEL[lower] as string;
  const name = lower.startsWith(PROVIDER_PREFIX) ? lower.slice(PROVIDER_PREFIX.length) : lower;
  return `windows.${name.replace(/[^a-z0-9]/g, "_")}`;
}
