// The service worker: enables the side panel on Gmail tabs and routes the panel's messages to the Gmail
// tab's content script. It never calls the network.

import { MSG, listen, unwrap } from "./messages.js";

const GMAIL = "https://mail.google.com/";
const CONTENT_SCRIPT = "content/loader.js";

const isGmail = (url) => typeof url === "string" && url.startsWith(GMAIL);

/** One panel per Gmail tab, told its tab in the URL; no panel (and a greyed icon) elsewhere. */
async function configure(tabId, url) {
  const gmail = isGmail(url);
  const wanted = gmail ? { enabled: true, path: `panel/panel.html?tab=${tabId}` } : { enabled: false };
  // Gmail changes its URL on every click; setting the same options again must not reload an open panel.
  const current = await chrome.sidePanel.getOptions({ tabId });
  if (current.enabled !== wanted.enabled || (gmail && current.path !== wanted.path)) {
    await chrome.sidePanel.setOptions({ tabId, ...wanted });
  }
  await (gmail ? chrome.action.enable(tabId) : chrome.action.disable(tabId));
}

async function configureOpenTabs() {
  await chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
  await chrome.sidePanel.setOptions({ enabled: false }); // the default for tabs we have not seen
  const tabs = await chrome.tabs.query({});
  await Promise.all(tabs.map((tab) => configure(tab.id, tab.url).catch(() => {})));
}

chrome.runtime.onInstalled.addListener(configureOpenTabs);
chrome.runtime.onStartup.addListener(configureOpenTabs);
chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.url || change.status === "loading") configure(tabId, tab.url).catch(() => {});
});

/** Send a message to the content script in a Gmail tab, injecting it first if the tab predates us. */
async function toGmailTab(tabId, message) {
  const tab = await chrome.tabs.get(tabId).catch(() => null);
  if (!tab) throw new Error("The Gmail tab was closed. Open Gmail and reopen Rapport there.");
  if (!isGmail(tab.url)) throw new Error("That tab no longer shows Gmail. Go back to Gmail and try again.");
  try {
    return unwrap(await chrome.tabs.sendMessage(tabId, message));
  } catch (error) {
    if (!/Receiving end does not exist|Could not establish connection/.test(error.message)) throw error;
  }
  // Gmail was open before Rapport was installed or reloaded: its page has no content script yet.
  await chrome.scripting.executeScript({ target: { tabId }, files: [CONTENT_SCRIPT] });
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      return unwrap(await chrome.tabs.sendMessage(tabId, message));
    } catch (error) {
      if (!/Receiving end does not exist|Could not establish connection/.test(error.message)) throw error;
    }
  }
  throw new Error("Rapport could not reach the Gmail page. Reload the Gmail tab and try again.");
}

listen({
  [MSG.GMAIL_READ]: ({ tabId }) => toGmailTab(tabId, { type: MSG.GMAIL_READ }),
  [MSG.GMAIL_INSERT]: ({ tabId, draft }) => toGmailTab(tabId, { type: MSG.GMAIL_INSERT, draft }),
});
