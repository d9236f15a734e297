// The content script Chrome injects into Gmail. Content scripts cannot be ES modules, so this classic
// script imports the real one (content/main.js, a web-accessible module) once per page.
(() => {
  if (globalThis.rapportContentLoaded) return;
  globalThis.rapportContentLoaded = true;
  import(chrome.runtime.getURL("content/main.js")).catch((error) => {
    globalThis.rapportContentLoaded = false;
    console.error("Rapport could not start on this page:", error);
  });
})();
