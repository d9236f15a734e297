// The panel runs in two places: as the extension's side panel (chrome.* APIs: settings in
// chrome.storage, the Gmail tab, other tabs) and as a plain web page served by the Rapport service
// (settings in localStorage, no Gmail, no tabs). This picks the adapter; the rest of the panel only
// speaks to `platform`.

const inExtension = Boolean(globalThis.chrome?.runtime?.id);
const adapter = inExtension ? await import("./platform-chrome.js") : await import("./platform-web.js");

export const platform = await adapter.createPlatform();
