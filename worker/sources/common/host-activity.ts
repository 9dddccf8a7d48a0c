/** Declarations every source of host activity (logons, processes, files) shares. */

/**
 * The key fields of an alert on host activity: who ran what from where. Source ports are left out
 * on purpose: an ephemeral port would make every repeat a new alert.
 */
export const HOST_ACTIVITY_KEYS: readonly string[] = [
  "user.name",
  "process.executable",
  "process.command_line",
  "process.parent.executable",
  "source.ip",
  "destination.ip",
  "destination.port",
];
