/**
 * Splunk HTTP Event Collector's answers: an HTTP status plus `{"text", "code"}`, the pair Splunk
 * clients and forwarders act on (a 4xx is dropped or logged, a 5xx retried).
 */
export interface HecReply {
  status: 200 | 400 | 401 | 403 | 413 | 500 | 503;
  code: number;
  text: string;
}

const reply = (status: HecReply["status"], code: number, text: string): HecReply => ({ status, code, text });

export const HEC = {
  success: reply(200, 0, "Success"),
  tokenRequired: reply(401, 2, "Token is required"),
  invalidAuthorization: reply(401, 3, "Invalid authorization"),
  invalidToken: reply(403, 4, "Invalid token"),
  noData: reply(400, 5, "No data"),
  invalidDataFormat: reply(400, 6, "Invalid data format"),
  serverBusy: reply(503, 9, "Server is busy"),
  eventRequired: reply(400, 12, "Event field is required"),
  eventBlank: reply(400, 13, "Event field cannot be blank"),
  ackDisabled: reply(400, 14, "ACK is disabled"),
  queryStringAuthDisabled: reply(400, 16, "Query string authorization is not enabled"),
  healthy: reply(200, 17, "HEC is healthy"),
} as const;

export interface HecBody {
  text: string;
  code: number;
  "invalid-event-number"?: number;
}

export function hecBody(answer: HecReply, invalidEventNumber?: number): HecBody {
  const body: HecBody = { text: answer.text, code: answer.code };
  if (invalidEventNumber !== undefined) body["invalid-event-number"] = invalidEventNumber;
  return body;
}
