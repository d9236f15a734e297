// A run's progress, from its stream of events: which stages are done, and the counts people care about
// (pages found, pages read, facts).

export const STAGES = [
  { id: "discover", label: "Find pages" },
  { id: "fetch", label: "Read them" },
  { id: "identify", label: "Check it's them" },
  { id: "facts", label: "Pull out facts" },
  { id: "generosity", label: "Ways to help" },
  { id: "draft", label: "Write a draft" },
  { id: "check", label: "Check it" },
];

// Pages are read, judged and mined together, so these stages run side by side until facts are done.
const RESEARCH = ["discover", "fetch", "identify", "facts"];
const STAGE_OF = { extract: "fetch" };

export function createProgress() {
  const stages = Object.fromEntries(STAGES.map(({ id }) => [id, "pending"]));
  const counts = { found: 0, read: 0, facts: 0 };
  let latest = "";
  let status = "running";

  function finish(ids) {
    for (const id of ids) if (stages[id] !== "failed") stages[id] = "done";
  }

  return {
    apply(event) {
      latest = event.message || latest;
      const stage = STAGE_OF[event.stage] || event.stage;
      const data = event.data || {};
      if (stage === "discover") {
        counts.found += (data.urls?.length || 0) + (data.captured?.length || 0) + (data.added || 0);
      }
      if (event.stage === "fetch" && event.type === "page" && data.status === "ok") counts.read += 1;
      if (stage === "facts" && event.type === "page") counts.facts += data.facts?.length || 0;
      if (stage === "facts" && event.type === "done") {
        counts.facts = data.count ?? counts.facts;
        finish(RESEARCH);
      }
      if (stage === "run") {
        if (event.type === "done") {
          status = "done";
          finish(STAGES.map(({ id }) => id));
        } else if (event.type === "failed") {
          status = "failed";
          // The stage that was working when the run stopped, or the next one, which never started.
          const stopped =
            STAGES.find(({ id }) => stages[id] === "active") ||
            STAGES.find(({ id }) => stages[id] === "pending");
          if (stopped) stages[stopped.id] = "failed";
        }
        return;
      }
      if (!(stage in stages)) return;
      const index = STAGES.findIndex(({ id }) => id === stage);
      // A later stage starting means the earlier ones are over (research stages overlap: see RESEARCH).
      if (!RESEARCH.includes(stage)) finish(STAGES.slice(0, index).map(({ id }) => id));
      if (stages[stage] === "pending") stages[stage] = event.type === "done" ? "done" : "active";
      else if (event.type === "done") stages[stage] = "done";
    },
    get stages() {
      return STAGES.map(({ id, label }) => ({ id, label, state: stages[id] }));
    },
    get counts() {
      return { ...counts };
    },
    get latest() {
      return latest;
    },
    get status() {
      return status;
    },
  };
}
