// A realistic integration against the live API with a client generated from the served OpenAPI
// document (openapi-typescript + openapi-fetch), compiled with tsc --strict: no casts of response
// data, every branch narrowed by the generated types. Run by tests/…/Contract/TypeScriptClientTests.cs.
import createClient from "openapi-fetch";
import type { components, paths } from "./.generated/schema.js";

const baseUrl = process.env.API_BASE_URL;
if (!baseUrl) {
  throw new Error("API_BASE_URL is not set");
}

const token = process.env.API_TOKEN;
if (!token) {
  throw new Error("API_TOKEN is not set");
}

// A person's bearer token (a manager: it may also start RFM runs).
const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
const steps: string[] = [];

function check(condition: boolean, what: string): asserts condition {
  if (!condition) {
    throw new Error(`scenario failed: ${what}`);
  }
  steps.push(what);
}

const email = `ts.client.${Date.now()}@example.com`;

// Create, with the ETag of the new representation.
const created = await api.POST("/api/v1/customers", {
  body: { type: "individual", name: "Ada Typed", email, phone: "+4915112345678" },
});
check(created.response.status === 201 && created.data !== undefined, "create a customer → 201");
const customer = created.data;
const etag = created.response.headers.get("ETag");
check(etag !== null, "the create answers an ETag");
check(customer.etag === etag, "the body carries the same ETag as the header");
check(created.response.headers.get("Location") === `/api/v1/customers/${customer.id}`, "the create answers its Location");

// Read with If-None-Match → 304.
const cached = await api.GET("/api/v1/customers/{id}", {
  params: { path: { id: customer.id }, header: { "If-None-Match": etag } },
});
check(cached.response.status === 304, "a read with the current ETag → 304");

// Merge-patch that clears a field, guarded by If-Match.
const patched = await api.PATCH("/api/v1/customers/{id}", {
  params: { path: { id: customer.id }, header: { "If-Match": etag } },
  body: { phone: null, tags: ["typed"] },
  headers: { "Content-Type": "application/merge-patch+json" },
});
check(patched.response.status === 200 && patched.data !== undefined, "a merge-patch with If-Match → 200");
check(patched.data.phone === null, "the patch cleared the phone");
check(patched.data.tags.length === 1 && patched.data.tags[0] === "typed", "the patch replaced the tags");

// The old ETag is stale now: 412 as a typed problem.
const stale = await api.PATCH("/api/v1/customers/{id}", {
  params: { path: { id: customer.id }, header: { "If-Match": etag } },
  body: { name: "Ada Stale" },
  headers: { "Content-Type": "application/merge-patch+json" },
});
check(stale.response.status === 412 && stale.error !== undefined, "a stale If-Match → 412");

// A duplicate e-mail: 409 read as a typed problem with its code.
const duplicate = await api.POST("/api/v1/customers", { body: { type: "individual", name: "Ada Again", email } });
check(duplicate.response.status === 409 && duplicate.error !== undefined, "a duplicate e-mail → 409");
check(duplicate.error.code === "duplicate-customer", `the 409 carries its code (got ${String(duplicate.error.code)})`);

// An interaction and an order, then the timeline narrowed by kind.
const interaction = await api.POST("/api/v1/customers/{id}/interactions", {
  params: { path: { id: customer.id } },
  body: { channel: "phone", direction: "inbound", type: "call", occurredAt: "2026-01-10T09:00:00Z", subject: "Billing" },
});
check(interaction.response.status === 201, "record an interaction → 201");
const order = await api.POST("/api/v1/customers/{id}/orders", {
  params: { path: { id: customer.id } },
  body: { orderedAt: "2026-01-15T10:00:00Z", amount: 42.5 },
});
check(order.response.status === 201, "record an order → 201");

const timeline = await api.GET("/api/v1/customers/{id}/timeline", { params: { path: { id: customer.id } } });
check(timeline.data !== undefined, "read the timeline");
// The document types a timeline item as the base (kind, occurredAt, id, summary) with one schema per
// kind that adds `data` (OpenAPI 3.0 inheritance by discriminator); openapi-typescript keeps the
// base, so the narrowing by `kind` is written once here, checking both the kind and the data.
type Schemas = components["schemas"];
type TimelineItem = Schemas["TimelineItemDto"];
function isOrder(item: TimelineItem): item is Schemas["TimelineOrderItem"] {
  return item.kind === "order" && "data" in item;
}
function isInteraction(item: TimelineItem): item is Schemas["TimelineInteractionItem"] {
  return item.kind === "interaction" && "data" in item;
}
function isStageChange(item: TimelineItem): item is Schemas["TimelineStageChangeItem"] {
  return item.kind === "stageChange" && "data" in item;
}

const kinds = new Set<string>();
const stages: string[] = [];
for (const item of timeline.data.items) {
  if (isOrder(item)) {
    check(item.data.amount === 42.5, "an order item has its amount");
  } else if (isInteraction(item)) {
    check(item.data.channel === "phone", "an interaction item has its channel");
  } else if (isStageChange(item)) {
    stages.push(item.data.toStage);
  } else {
    check(false, `a timeline item of a documented kind (got ${item.kind})`);
  }
  kinds.add(item.kind);
}
check(kinds.size === 3, "the timeline holds interactions, orders and stage changes");
check(stages.includes("retention"), `the first purchase moved the customer to retention (stages: ${stages.join(", ")})`);

// Cursor paging through the customers, two at a time.
await api.POST("/api/v1/customers", { body: { type: "business", name: "Typed Two", company: "Typed GmbH" } });
await api.POST("/api/v1/customers", { body: { type: "individual", name: "Typed Three" } });
const seen = new Set<string>();
let cursor: string | undefined;
do {
  const page = await api.GET("/api/v1/customers", { params: { query: { limit: 2, cursor } } });
  check(page.data !== undefined, "read a page of customers");
  for (const c of page.data.items) {
    check(!seen.has(c.id), "no customer twice across pages");
    seen.add(c.id);
  }
  cursor = page.data.nextCursor ?? undefined;
} while (cursor !== undefined);
check(seen.size >= 3, "paging reached every customer");

// An RFM run, polled to completion.
const run = await api.POST("/api/v1/rfm/runs", { body: {} });
check(run.response.status === 202 && run.data !== undefined, "start an RFM run → 202");
let status: string = run.data.status;
for (let i = 0; i < 120 && (status === "queued" || status === "running"); i++) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  const polled = await api.GET("/api/v1/rfm/runs/{id}", { params: { path: { id: run.data.id } } });
  check(polled.data !== undefined, "poll the run");
  status = polled.data.status;
}
check(status === "succeeded", `the RFM run succeeded (got ${status})`);

console.log(JSON.stringify({ ok: true, steps }));
