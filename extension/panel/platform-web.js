// The panel as a plain web page served by the Rapport service at "/": the server is this page's origin,
// the token is typed in and kept in this browser's localStorage. There is no Gmail tab and no other tabs.

const TOKEN_KEY = "rapport.token";

export async function createPlatform() {
  return {
    kind: "web",
    async loadConnection() {
      return { serverUrl: location.origin, token: localStorage.getItem(TOKEN_KEY) || "" };
    },
    async saveConnection({ token }) {
      if (token) localStorage.setItem(TOKEN_KEY, token);
      else localStorage.removeItem(TOKEN_KEY);
    },
    onConnectionChange(callback) {
      window.addEventListener("storage", (event) => {
        if (event.key === TOKEN_KEY) callback();
      });
    },
    openSettings: null, // the panel shows its own connection form
    connectGmail: async () => null,
    tabs: null,
  };
}
