// Where the Rapport server is and how to reach it: shared by the options page and the panel.

export const DEFAULT_SERVER = "http://127.0.0.1:8765";

// Hosts the manifest's host_permissions already cover; any other server needs the user's grant.
const BUILT_IN_HOSTS = new Set(["127.0.0.1", "localhost"]);

/** The server's base URL from what the user typed: scheme added if missing, /api/v1 and slashes dropped. */
export function normalizeServerUrl(text) {
  let value = String(text ?? "").trim();
  if (!value) throw new Error(`Enter the server's address, for example ${DEFAULT_SERVER}.`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) value = `http://${value}`;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`“${text}” is not a web address. It looks like ${DEFAULT_SERVER}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`The server's address starts with http:// or https://, like ${DEFAULT_SERVER}.`);
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
  return url.origin + path;
}

/** The host permission pattern a server URL needs, or null when the manifest already grants it. */
export function permissionFor(serverUrl) {
  const url = new URL(serverUrl);
  return BUILT_IN_HOSTS.has(url.hostname) ? null : `${url.protocol}//${url.hostname}/*`;
}
