// A small parser for server-sent events (the WHATWG "text/event-stream" format). EventSource cannot send
// an Authorization header, so the client reads the stream with fetch() and feeds the text in here.

const FIELDS = {
  data: (frame, value) => frame.data.push(value),
  event: (frame, value) => {
    frame.event = value;
  },
  id: (frame, value) => {
    if (!value.includes("\0")) frame.id = value;
  },
  retry: (frame, value) => {
    if (/^\d+$/.test(value)) frame.retry = Number(value);
  },
};

/** Feed text chunks with push(); onEvent gets {id, event, data} for each complete event. */
export function createSseParser(onEvent) {
  let pending = "";
  let lastEventId = "";
  let retry = null;
  let frame = { data: [], event: "" };

  function dispatch() {
    const { data, event } = frame;
    if (frame.id !== undefined) lastEventId = frame.id;
    if (frame.retry !== undefined) retry = frame.retry;
    frame = { data: [], event: "" };
    if (data.length) onEvent({ id: lastEventId, event: event || "message", data: data.join("\n") });
  }

  function line(text) {
    if (text === "") return dispatch();
    if (text.startsWith(":")) return undefined; // a comment: the server's keep-alive
    const colon = text.indexOf(":");
    const name = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    FIELDS[name]?.(frame, value);
    return undefined;
  }

  return {
    push(chunk) {
      pending += chunk;
      // A "\r" at the end may be the first half of "\r\n": hold it back until the next chunk.
      const held = pending.endsWith("\r") ? "\r" : "";
      const lines = (held ? pending.slice(0, -1) : pending).split(/\r\n|\r|\n/);
      pending = lines.pop() + held;
      lines.forEach(line);
    },
    get lastEventId() {
      return lastEventId;
    },
    get retry() {
      return retry;
    },
  };
}
