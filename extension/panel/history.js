// A short history of the drafts for one recipient: each version Rapport wrote and each edit the user made
// before something replaced it, to move between with Undo and Redo. It is about whole versions; the text
// box keeps its own Ctrl+Z for keystrokes.

const KEPT = 20; // versions kept; the oldest go first

/** A version: {subject, body, label, checks (null for the user's edits), packet, tone}. */
export function createHistory(limit = KEPT) {
  let versions = [];
  let at = -1;
  return {
    clear() {
      versions = [];
      at = -1;
    },
    /** Add a version after the current one; versions undone past are dropped, as in any editor. */
    push(version) {
      versions = [...versions.slice(0, at + 1), version].slice(-limit);
      at = versions.length - 1;
    },
    current: () => versions[at] ?? null,
    undo() {
      if (at > 0) at -= 1;
      return versions[at] ?? null;
    },
    redo() {
      if (at < versions.length - 1) at += 1;
      return versions[at] ?? null;
    },
    canUndo: () => at > 0,
    canRedo: () => at < versions.length - 1,
    /** {number, count}: "version 2 of 3". */
    position: () => ({ number: at + 1, count: versions.length }),
  };
}

/** Whether the text shown differs from a version: the user edited it since. */
export function differs(version, { subject, body }) {
  return Boolean(version) && (version.subject !== subject || version.body !== body);
}
