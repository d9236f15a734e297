// The one client of the Rapport service. Only the panel (and the options page's connection check) use it;
// the content script and the service worker never call the network.

import { createSseParser } from "./sse.js";

/** A failure the panel can explain: kind is what went wrong, for choosing what to tell the user. */
export class ApiError extends Error {
  constructor(kind, message, { status = null, code = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.kind = kind; // unreachable | no_token | unauthorized | not_found | invalid | wrong_server | server
    this.status = status;
    this.code = code;
  }
}

const KIND_BY_STATUS = {
  401: "unauthorized",
  404: "not_found",
  400: "invalid",
  413: "invalid",
  415: "invalid",
  422: "invalid",
};
const FINISHED = new Set(["done", "failed"]);
const STREAM_ATTEMPTS = 4;

export function createClient({
  baseUrl,
  token,
  fetchImpl = (...args) => globalThis.fetch(...args),
  timeoutMs = 20000,
}) {
  const server = String(baseUrl || "").replace(/\/+$/, "");
  const root = `${server}/api/v1`;

  function headers({ auth = true, json = false, extra = {} } = {}) {
    if (auth && !token) {
      throw new ApiError("no_token", "No API token is set yet.");
    }
    return {
      Accept: "application/json",
      ...(json ? { "Content-Type": "application/json" } : {}),
      ...(auth ? { Authorization: `Bearer ${token}` } : {}),
      ...extra,
    };
  }

  async function send(path, init, { signal, timeout = timeoutMs } = {}) {
    const signals = [AbortSignal.timeout(timeout), signal].filter(Boolean);
    try {
      return await fetchImpl(root + path, { ...init, signal: AbortSignal.any(signals), cache: "no-store" });
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      const why = error?.name === "TimeoutError" ? "it did not answer in time" : "the connection failed";
      throw new ApiError("unreachable", `Can't reach the Rapport server at ${server} (${why}).`);
    }
  }

  async function call(method, path, body, { auth = true, signal, timeout } = {}) {
    const init = { method, headers: headers({ auth, json: body !== undefined }) };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await send(path, init, { signal, timeout });
    if (!response.ok) throw await errorFrom(response, server);
    return response.status === 204 ? null : response.json();
  }

  /** Read the run's event stream once; returns the end frame's data, or null if the stream broke off. */
  async function streamOnce(runId, onEvent, { signal, lastEventId }) {
    const extra = { Accept: "text/event-stream", ...(lastEventId ? { "Last-Event-ID": lastEventId } : {}) };
    const init = { method: "GET", headers: headers({ extra }) };
    // The stream stays open for the whole run: only the caller's signal ends it early.
    const response = await send(`/runs/${encodeURIComponent(runId)}/events`, init, {
      signal,
      timeout: 3_600_000,
    });
    if (!response.ok) throw await errorFrom(response, server);
    let end = null;
    const parser = createSseParser(({ event, data }) => {
      if (event === "end") end = JSON.parse(data);
      else onEvent(JSON.parse(data));
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      while (end === null) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
    } finally {
      reader.cancel().catch(() => {});
    }
    return { end, lastEventId: parser.lastEventId || lastEventId };
  }

  return {
    server,
    health: (options) => call("GET", "/health", undefined, { auth: false, timeout: 5000, ...options }),
    /** Whether the token is accepted (throws ApiError "unauthorized" if not): any authorized read will do. */
    checkToken: (options) =>
      call("GET", "/profile", undefined, { timeout: 5000, ...options }).then(
        () => true,
        (error) => {
          if (error.code === "profile_not_found") return true;
          throw error;
        },
      ),
    startRun: (request) => call("POST", "/runs", request),
    getRun: (runId, options) => call("GET", `/runs/${encodeURIComponent(runId)}`, undefined, options),
    redraft: (runId, { packet, tone }) =>
      call("POST", `/runs/${encodeURIComponent(runId)}/drafts`, { packet, tone }, { timeout: 120_000 }),
    /** The user's draft rewritten by the server's LLM ("shorter", "warmer", "more_formal"), checked. */
    refine: (runId, { subject, body, change }) =>
      call(
        "POST",
        `/runs/${encodeURIComponent(runId)}/refine`,
        { subject, body, change },
        { timeout: 120_000 },
      ),
    checkDraft: ({ subject, body, runId }, options) =>
      call("POST", "/checks", { subject, body, ...(runId ? { run_id: runId } : {}) }, options),
    getProfile: () => call("GET", "/profile"),
    saveProfile: (profile) => call("PUT", "/profile", profile),
    /** The gifts an offer reads into (with the listed resources and introductions); nothing is stored. */
    readGifts: ({ offer, company, resources, introductions }, options) =>
      call("POST", "/profile/gifts", { offer, company, resources, introductions }, options),
    sendFeedback: (runId, { subject, body }) =>
      call("POST", `/runs/${encodeURIComponent(runId)}/feedback`, { subject, body }),
    /** The newest runs, a contact's when email or name is given: [{run_id, status, name, email, created_at}]. */
    listRuns: ({ email, name, limit = 10 } = {}, options) =>
      call("GET", `/runs?${contactQuery({ email, name, limit })}`, undefined, options).then(
        (body) => body.runs,
      ),
    /** The pages marked "not this person" for a contact: [{url, title, created_at}]. */
    excludedPages: ({ email, name }, options) =>
      call("GET", `/exclusions?${contactQuery({ email, name })}`, undefined, options).then(
        (body) => body.excluded,
      ),
    /** Put a page back for a contact: runs read it again. Resolves to the pages still left out. */
    putBack: ({ email, name, url }) =>
      call("DELETE", `/exclusions?${contactQuery({ email, name, url })}`).then((body) => body.excluded),
    /** Import a CSV or vCard file into the contact book: {imported, updated, bad: [{line, reason}]}. */
    async importContacts(file) {
      const form = new FormData();
      form.append("file", file, file.name || "contacts");
      // No Content-Type of ours: the browser writes multipart/form-data with its boundary.
      const response = await send("/contacts/import", { method: "POST", headers: headers(), body: form });
      if (!response.ok) throw await errorFrom(response, server);
      return response.json();
    },
    /** The date of the last message of a thread with this address (nothing else of it). */
    recordExchange: ({ email, lastExchange }, options) =>
      call("POST", "/contacts/exchanges", { email, last_exchange: lastExchange }, options),
    /** Who is due for renewal: {renew_after_months, renewals: [{contact, state, idea, subject, body}]}. */
    listRenewals: (options) => call("GET", "/renewals", undefined, options),
    /** Research and draft every due contact in the background: {queued, in_progress, ready, no_name}. */
    startRenewals: () => call("POST", "/renewals/start"),
    /** Snooze (days), skip or mark done a renewal; resolves to the renewals as listRenewals does. */
    decideRenewal: ({ email, decision, days }) =>
      call("POST", "/renewals/decision", { email, decision, ...(days ? { days } : {}) }),

    /**
     * Follow a run's progress until it ends: events stream to onEvent (resuming after a dropped
     * connection); if the stream cannot be read at all, or the server has no stream to spare (503),
     * poll the run instead. Resolves to {status}.
     */
    async followRun(runId, onEvent, { signal, pollMs = 1000 } = {}) {
      let lastEventId = "";
      for (let attempt = 1; attempt <= STREAM_ATTEMPTS; attempt += 1) {
        try {
          const result = await streamOnce(runId, onEvent, { signal, lastEventId });
          if (result.end) return { status: result.end.status };
          lastEventId = result.lastEventId;
        } catch (error) {
          if (error instanceof ApiError && error.status === 503) break;
          if (!(error instanceof ApiError) || error.kind !== "unreachable") throw error;
        }
        await sleep(500 * attempt, signal);
      }
      for (;;) {
        const run = await call("GET", `/runs/${encodeURIComponent(runId)}`, undefined, { signal });
        if (FINISHED.has(run.status)) return { status: run.status };
        await sleep(pollMs, signal);
      }
    },
  };
}

/** A query string of the values given (empty ones left out). */
function contactQuery(values) {
  const given = Object.entries(values).filter(
    ([, value]) => value !== null && value !== undefined && value !== "",
  );
  return new URLSearchParams(given.map(([key, value]) => [key, String(value)])).toString();
}

async function errorFrom(response, server) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: answered by something that is not Rapport
  }
  const detail = body?.error;
  if (!detail?.message) {
    return new ApiError(
      "wrong_server",
      `The server at ${server} answered ${response.status} ${response.statusText || ""}`.trim() +
        ", but not as Rapport does. Is this the Rapport server's address?",
      { status: response.status },
    );
  }
  const kind = KIND_BY_STATUS[response.status] || "server";
  return new ApiError(kind, detail.message, { status: response.status, code: detail.code });
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
