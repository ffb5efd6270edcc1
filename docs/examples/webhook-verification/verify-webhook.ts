import { createHmac, timingSafeEqual } from "node:crypto";

/** Checks a CustomerRetention webhook (Standard Webhooks): the signature and the timestamp. */
export function verifyWebhook(
  secret: string, // the subscription's secret, whsec_…, as shown once on create or rotation
  headers: { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string },
  body: string, // the request body exactly as received (not re-serialized)
  nowSeconds: number = Math.floor(Date.now() / 1000),
): boolean {
  // A stale or future timestamp is refused, so a captured request cannot be replayed later.
  const sent = Number(headers["webhook-timestamp"]);
  if (!Number.isInteger(sent) || Math.abs(nowSeconds - sent) > 5 * 60) {
    return false;
  }

  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
  const expected = createHmac("sha256", key)
    .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`)
    .digest();

  // During a secret rotation the header carries one signature per secret: one match is enough.
  return headers["webhook-signature"].split(" ").some((entry) => {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || value === undefined) {
      return false;
    }
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
