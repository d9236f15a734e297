// What to tell a person when something fails: what happened, and what to do about it.

// In `backticks`: the panel shows commands as code.
const COMMANDS = {
  start: "`make run`",
  token: "`make token`",
};

/**
 * An error (ApiError from api.js, or a plain Error) as {title, text, actions}; actions name the buttons
 * to offer: "settings", "retry".
 */
export function explain(error, { server = "" } = {}) {
  switch (error?.kind) {
    case "unreachable":
      return {
        title: "Can't reach the Rapport server",
        text: `Nothing answered at ${server || "the server's address"}. Start the server (${COMMANDS.start} in the Rapport folder) and try again, or check its address in Settings.`,
        actions: ["retry", "settings"],
      };
    case "no_token":
      return {
        title: "Connect Rapport to your server",
        text: `Paste the server's API token into Settings. The server prints it when it starts, and ${COMMANDS.token} prints it again.`,
        actions: ["settings"],
      };
    case "unauthorized":
      return {
        title: "The server didn't accept your token",
        text: `The token in Settings isn't one this server accepts, or it was revoked. On your own server, ${COMMANDS.token} prints it; on a team's, ask whoever runs it for yours. Paste it into Settings.`,
        actions: ["settings", "retry"],
      };
    case "wrong_server":
      return {
        title: "That address isn't a Rapport server",
        text: `${error.message} Check the server's address in Settings.`,
        actions: ["settings"],
      };
    case "invalid":
      return {
        title: "Rapport couldn't use that request",
        text: `${error.message} Check the name, email and pages above, then try again.`,
        actions: [],
      };
    case "not_found":
      return {
        title: "The server no longer has this run",
        text: `${error.message} Press Research & draft to start again.`,
        actions: [],
      };
    case "server":
      return {
        title: "The server ran into a problem",
        text: `${error.message} Try again; if it keeps happening, the server's log says why.`,
        actions: ["retry"],
      };
    default:
      return { title: "Something went wrong", text: error?.message || String(error), actions: [] };
  }
}

/** A run that ended with status "failed": what was kept is shown below the message. */
export function explainFailedRun(run) {
  const kept = [];
  if (run?.facts?.length) kept.push(`${run.facts.length} fact${run.facts.length === 1 ? "" : "s"}`);
  if (run?.sources?.length)
    kept.push(`${run.sources.length} page${run.sources.length === 1 ? "" : "s"} looked at`);
  const reason = run?.error ? ` (${run.error})` : "";
  return {
    title: "The run stopped before it finished",
    text: kept.length
      ? `Rapport kept what it found — ${kept.join(" and ")} — shown below${reason}. Press Research & draft to try again.`
      : `Nothing was kept${reason}. Press Research & draft to try again.`,
    actions: ["retry"],
  };
}
