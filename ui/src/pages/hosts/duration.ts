/** "45 min", "3 h", "1 h 30 min", "2 d 4 h": a span of minutes, to its two largest units. */
export function formatMinutes(minutes: number): string {
  const total = Math.round(minutes);
  if (total < 1) return "under 1 min";
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const rest = total % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/** Events per hour: one decimal below ten, whole numbers above, and never a misleading "0.0". */
export function formatRate(perHour: number): string {
  if (perHour === 0) return "0";
  if (perHour < 0.1) return "< 0.1";
  if (perHour < 10) return perHour.toFixed(1);
  return Math.round(perHour).toLocaleString();
}
