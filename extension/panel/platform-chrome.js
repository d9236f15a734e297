// The panel as the extension's side panel: settings in chrome.storage, the Gmail tab reached through the
// service worker, and other tabs' pages captured when the user asks ("Use this page").

import { COACH, MSG, unwrap } from "../messages.js";
import { DEFAULT_SERVER } from "./settings.js";

const GMAIL_TABS = "https://mail.google.com/*";

export async function createPlatform() {
  return {
    kind: "extension",
    loadConnection: () => chrome.storage.local.get({ serverUrl: DEFAULT_SERVER, token: "" }),
    saveConnection: (connection) => chrome.storage.local.set(connection),
    onConnectionChange(callback) {
      chrome.storage.onChanged.addListener((changes, area) => {
        if (area === "local" && (changes.serverUrl || changes.token)) callback();
      });
    },
    openSettings: () => chrome.runtime.openOptionsPage(),
    connectGmail,
    tabs: { list: listOtherTabs, capture: captureTab, onChange: onTabsChange },
  };
}

/**
 * The Gmail tab this panel works with: the one named in the panel's URL (?tab=ID, which the service
 * worker sets for each Gmail tab's panel), else the Gmail tab the user looked at last, in this window
 * first. Null when no Gmail tab is open.
 */
async function findGmailTab() {
  const named = Number(new URLSearchParams(location.search).get("tab"));
  if (Number.isInteger(named) && named > 0) {
    const tab = await chrome.tabs.get(named).catch(() => null);
    if (tab) return tab;
  }
  const [here, tabs] = await Promise.all([
    chrome.windows.getCurrent().catch(() => null),
    chrome.tabs.query({ url: GMAIL_TABS }),
  ]);
  const rank = (tab) => [tab.windowId === here?.id, tab.active, tab.lastAccessed || 0];
  tabs.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return Number(y[0]) - Number(x[0]) || Number(y[1]) - Number(x[1]) || y[2] - x[2];
  });
  return tabs[0] || null;
}

async function connectGmail() {
  const tab = await findGmailTab();
  if (!tab) return null;
  const tabId = tab.id;
  const ask = async (type, payload) => unwrap(await chrome.runtime.sendMessage({ type, tabId, ...payload }));
  return {
    tabId,
    read: () => ask(MSG.GMAIL_READ),
    insert: (draft) => ask(MSG.GMAIL_INSERT, { draft }),
    onChange(callback) {
      chrome.runtime.onMessage.addListener((message, sender) => {
        if (message?.type === MSG.GMAIL_CHANGED && sender.tab?.id === tabId) callback(message.gmail);
        return false;
      });
    },
    watchCompose: (options, handlers) => watchCompose(tabId, options, handlers),
  };
}

/**
 * Follow what the user writes in a Gmail compose box (coaching): a port to the tab's content script,
 * open only while this panel wants it. onDraft gets {compose, draft} as it changes; onEnd gets why it
 * stopped ("none", "closed", "left", or "gone" when the Gmail page went away). Returns stop().
 */
function watchCompose(tabId, { resume = false } = {}, { onDraft, onEnd }) {
  const port = chrome.tabs.connect(tabId, { name: COACH.PORT });
  let ended = false;
  const end = (reason) => {
    if (ended) return;
    ended = true;
    onEnd(reason);
  };
  port.onMessage.addListener((message) => {
    if (message?.type === COACH.DRAFT) onDraft({ compose: message.compose, draft: message.draft });
    else if (message?.type === COACH.END) end(message.reason);
  });
  port.onDisconnect.addListener(() => {
    // Read, so Chrome does not log it: a reloaded or closed Gmail tab is an answer here, not an error.
    void chrome.runtime.lastError;
    end("gone");
  });
  port.postMessage({ type: COACH.START, resume });
  return () => {
    ended = true;
    port.disconnect();
  };
}

/** Web pages open in this window, besides Gmail, the one looked at most recently first. */
async function listOtherTabs() {
  const tabs = await chrome.tabs.query({ currentWindow: true });
  return tabs
    .filter((tab) => /^https?:\/\//.test(tab.url || "") && !tab.url.startsWith("https://mail.google.com/"))
    .sort((a, b) => (b.lastAccessed || 0) - (a.lastAccessed || 0))
    .map((tab) => ({ id: tab.id, title: tab.title || tab.url, url: tab.url }));
}

/**
 * The page in a tab as the browser has it (outerHTML), with the user's click as consent. Chrome asks
 * the user to allow reading that site the first time; the request must come straight from the click.
 */
async function captureTab(tab) {
  const site = new URL(tab.url);
  const granted = await chrome.permissions.request({ origins: [`${site.protocol}//${site.hostname}/*`] });
  if (!granted) {
    throw new Error(
      `Rapport needs your permission to read ${site.hostname}. Press “Use this page” again and choose Allow.`,
    );
  }
  const [injection] = await chrome.scripting.executeScript({
    target: { tabId: tab.id },
    func: () => ({ url: location.href, title: document.title, html: document.documentElement.outerHTML }),
  });
  if (!injection?.result) throw new Error(`Could not read the page in that tab (${site.hostname}).`);
  return injection.result;
}

function onTabsChange(callback) {
  let timer = null;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(callback, 200);
  };
  chrome.tabs.onActivated.addListener(soon);
  chrome.tabs.onRemoved.addListener(soon);
  chrome.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url || change.title || change.status === "complete") soon();
  });
}
