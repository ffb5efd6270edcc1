// Test harness (not part of the snippet): reads cases as JSON from WEBHOOK_CASES, prints one verdict per case.
import { verifyWebhook } from "./verify-webhook.js";

type Case = { secret: string; id: string; timestamp: string; signature: string; body: string; now: number };
const cases = JSON.parse(process.env["WEBHOOK_CASES"] ?? "[]") as Case[];
const verdicts = cases.map((c) =>
  verifyWebhook(c.secret, { "webhook-id": c.id, "webhook-timestamp": c.timestamp, "webhook-signature": c.signature }, c.body, c.now),
);
process.stdout.write(JSON.stringify(verdicts));
