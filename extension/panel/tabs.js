// Tabs over a run's result (Draft · Ideas · Dossier · Sources), as the WAI-ARIA tabs pattern has them:
// role=tablist/tab/tabpanel, one tab in the Tab order (the selected one), arrow keys, Home and End move
// between tabs and select as they go. Each tab names its panel with aria-controls.

/** Wire the tabs inside `tablist`: {select(name, {focus}), selected()}. A tab's name is its data-tab. */
export function createTabs(tablist, { onSelect = () => {} } = {}) {
  const tabs = [...tablist.querySelectorAll("[role='tab']")];
  const panelOf = (tab) => document.getElementById(tab.getAttribute("aria-controls"));

  function select(name, { focus = false } = {}) {
    const chosen = tabs.find((tab) => tab.dataset.tab === name) || tabs[0];
    for (const tab of tabs) {
      const on = tab === chosen;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      panelOf(tab).hidden = !on;
    }
    if (focus) chosen.focus();
    onSelect(chosen.dataset.tab);
  }

  const moves = {
    ArrowRight: (i) => (i + 1) % tabs.length,
    ArrowLeft: (i) => (i - 1 + tabs.length) % tabs.length,
    Home: () => 0,
    End: () => tabs.length - 1,
  };
  tablist.addEventListener("keydown", (event) => {
    const move = moves[event.key];
    const at = tabs.indexOf(document.activeElement);
    if (!move || at < 0) return;
    event.preventDefault();
    select(tabs[move(at)].dataset.tab, { focus: true });
  });
  for (const tab of tabs) tab.addEventListener("click", () => select(tab.dataset.tab));

  return {
    select,
    selected: () => tabs.find((tab) => tab.getAttribute("aria-selected") === "true")?.dataset.tab,
  };
}
