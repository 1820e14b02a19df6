// The browser's half of ui/shell/progress.py: keeps the learner's record in localStorage.
// Called with the session's record as `data` whenever it changes. The record only grows, so
// the two are merged; when the browser kept more than the session sent, the merged record goes
// back to Python ("stored"). `data.replace` (a reset) overwrites instead of merging.
const KEY = "nn-dashboard-progress-v1";

function union(a, b) {
  return Array.from(new Set([...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])])).sort();
}

function merge(older, newer) {
  const out = { visited: union(older.visited, newer.visited), passed: {}, predicted: {}, ask: null };
  const pages = (name) => Object.keys({ ...(older[name] || {}), ...(newer[name] || {}) }).sort();
  for (const page of pages("passed")) {
    out.passed[page] = union((older.passed || {})[page], (newer.passed || {})[page]);
  }
  for (const page of pages("predicted")) {
    const both = { ...((older.predicted || {})[page] || {}), ...((newer.predicted || {})[page] || {}) };
    out.predicted[page] = Object.fromEntries(Object.keys(both).sort().map((k) => [k, both[k]]));
  }
  out.ask = typeof newer.ask === "boolean" ? newer.ask : (typeof older.ask === "boolean" ? older.ask : null);
  return out;
}

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  }
  return value;
}

export default function (component) {
  const { data, setStateValue } = component;
  if (!data) return;
  const { replace, ...sent } = data;
  let kept = {};
  try {
    kept = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {};
  } catch (err) {
    kept = {};  // unreadable (edited by hand, or blocked): start again from what the session has
  }
  const merged = replace ? merge({}, sent) : merge(kept, sent);
  try {
    window.localStorage.setItem(KEY, JSON.stringify(merged));
  } catch (err) {
    // storage full or switched off: progress then lasts for this session only
  }
  if (!replace && JSON.stringify(canonical(merged)) !== JSON.stringify(canonical(merge({}, sent)))) {
    setStateValue("stored", merged);
  }
}
