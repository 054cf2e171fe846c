// conflict-timeline: progressive enhancement of the server-rendered pages.
//
// Every page works without this file: filters are a GET form, the overview's zoom
// and pan are links, paging is a link. With it:
// - the timeline updates in place: the form, the overview's links, facets and chips
//   fetch /fragment/timeline?… and swap the parts whose ids match, and the URL
//   follows (history.pushState; back and forward re-fetch through popstate);
// - dragging across the overview selects a date range, the mouse wheel zooms around
//   the pointer, and + − ← → zoom and move while the overview has focus;
// - "Next page" appends the next page of events instead of leaving the page;
// - j/k (or ↓/↑) move between events, Enter opens one, / goes to the search field,
//   Esc clears the selection;
// - a mark in the overview and its card highlight each other.
//
// No build step, no dependency; an ES module, so it runs after the document is parsed.

const root = document.documentElement;
root.classList.add("js");

/** Ids of the timeline parts that /fragment/timeline returns. */
const PARTS = ["tl-overview", "tl-facets", "tl-results"];
/** Query keys in the order the server writes them. */
const KEY_ORDER = [
  "from", "to", "kind", "actor", "actors_match", "place", "q", "band", "limit", "dates", "after",
];
const DAY_MS = 86400000;

const form = document.getElementById("filter-form");
const onTimeline = () => form !== null && document.getElementById("tl-results") !== null;

// Wide screens show the filters beside the list: open their panel, which phones
// keep folded (CSS shows it too, where ::details-content is supported).
const filtersPanel = document.getElementById("filters-panel");
if (filtersPanel && matchMedia("(min-width: 56rem)").matches) {
  filtersPanel.open = true;
}

// ---------------------------------------------------------------------------------
// URLs and dates.

/** Parses YYYY-MM-DD as a UTC day number. */
function dayNumber(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function isoDay(number) {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

/** The query string in the server's key order, empty values dropped. */
function canonical(params) {
  const out = new URLSearchParams();
  for (const key of KEY_ORDER) {
    for (const value of params.getAll(key)) {
      if (value.trim() !== "") out.append(key, value.trim());
    }
  }
  const text = out.toString();
  return text ? `?${text}` : "";
}

/** The timeline URL for the current view with `from`/`to` replaced. */
function withRange(from, to) {
  const params = new URLSearchParams(location.search);
  params.delete("after");
  params.set("from", isoDay(from));
  params.set("to", isoDay(to));
  return `/${canonical(params)}`;
}

function isTimelineHref(anchor) {
  if (!(anchor instanceof Element)) return false;
  const href = anchor.getAttribute("href");
  if (!href) return false;
  const url = new URL(href, location.href);
  return url.origin === location.origin && url.pathname === "/";
}

// ---------------------------------------------------------------------------------
// In-place updates of the timeline.

let generation = 0;

function announce(text) {
  const status = document.getElementById("live-status");
  if (status) status.textContent = text;
}

/**
 * Shows the timeline for `href` without reloading: fetches its parts and swaps
 * them in. `push` adds a history entry (not for popstate). On any failure the
 * browser simply loads the page, which explains errors itself.
 */
async function showTimeline(href, { push = true } = {}) {
  const target = new URL(href, location.href);
  const query = canonical(target.searchParams);
  const mine = ++generation;
  const results = document.getElementById("tl-results");
  results?.setAttribute("aria-busy", "true");
  let html;
  try {
    const response = await fetch(`/fragment/timeline${query}`, {
      headers: { Accept: "text/html" },
    });
    if (!response.ok) throw new Error(`status ${response.status}`);
    html = await response.text();
  } catch {
    location.assign(`/${query}`);
    return;
  }
  if (mine !== generation) return; // a later request wins
  const refocus = focusAfterSwap();
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const id of PARTS) {
    const fresh = template.content.getElementById(id);
    const old = document.getElementById(id);
    if (fresh && old) old.replaceWith(fresh);
  }
  if (push) history.pushState({ timeline: true }, "", `/${query}`);
  syncForm(new URLSearchParams(query));
  selected = null;
  const heading = document.getElementById("results-title");
  if (refocus) {
    const target = document.querySelector(refocus) ?? heading;
    target?.focus({ preventScroll: target !== heading });
  }
  announce(heading ? heading.textContent.trim() : "");
}

/**
 * Where focus goes once the parts are swapped, when it was inside one of them
 * (it would otherwise fall back to the top of the page): the same zoom or pan
 * button, the overview's buttons, or the results heading.
 */
function focusAfterSwap() {
  const active = document.activeElement;
  if (!active || !active.closest(PARTS.map((id) => `#${id}`).join(","))) return null;
  if (active.dataset.nav && active.closest(".overview-nav")) {
    return `#tl-overview .overview-nav a[data-nav="${active.dataset.nav}"]`;
  }
  if (active.closest("#tl-overview")) return "#tl-overview .overview-nav a";
  return "#results-title";
}

/** Puts the filter of `params` into the form (after back/forward or a link). */
function syncForm(params) {
  if (!form) return;
  const kinds = params.getAll("kind");
  for (const box of form.querySelectorAll('input[name="kind"]')) {
    box.checked = kinds.includes(box.value);
  }
  const actors = params.getAll("actor");
  for (const [name, value] of [
    ["from", params.get("from")],
    ["to", params.get("to")],
    ["actor", actors[0]],
    ["place", params.get("place")],
    ["q", params.get("q")],
  ]) {
    const field = form.querySelector(`input[name="${name}"]:not([type="hidden"])`);
    if (field) field.value = value ?? "";
  }
  for (const hidden of form.querySelectorAll('input[type="hidden"]')) hidden.remove();
  const actions = form.querySelector(".form-actions");
  const addHidden = (name, value) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.insertBefore(input, actions);
  };
  actors.slice(1).forEach((slug) => addHidden("actor", slug));
  if (params.get("limit")) addHidden("limit", params.get("limit"));
}

function formHref() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) params.append(key, String(value));
  return `/${canonical(params)}`;
}

if (onTimeline()) {
  let pending = 0;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // Leaving a text field for the button also fires "change": one update will do.
    clearTimeout(pending);
    showTimeline(formHref());
  });
  // Ticking a kind or picking a date applies at once; typed text applies when the
  // field is left or a suggestion is picked (the change event), or on Enter.
  form.addEventListener("change", () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      const href = formHref();
      if (href !== location.pathname + location.search) showTimeline(href);
    }, 150);
  });
  window.addEventListener("popstate", () => {
    showTimeline(location.href, { push: false });
  });
  history.replaceState({ timeline: true }, "", location.href);
}

// Links that show another view of the timeline (zoom and pan, bubbles, facets,
// actor chips, removable filters) update in place.
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.target.closest?.("a");
  if (!anchor) return;

  const next = anchor.closest(".pager-next");
  if (next && next.dataset.fragment) {
    event.preventDefault();
    appendPage(next);
    return;
  }

  const mark = anchor.closest(".overview-chart a[data-event-id]");
  if (mark && selectMark(mark)) {
    event.preventDefault();
    return;
  }

  if (onTimeline() && isTimelineHref(anchor) && anchor.closest(PARTS.map((id) => `#${id}`).join(","))) {
    event.preventDefault();
    showTimeline(anchor.getAttribute("href"));
  }
});

/** Appends the next page of events to the list in place of "Next page". */
async function appendPage(link) {
  const list = link.closest(".event-list");
  let html;
  try {
    const response = await fetch(link.dataset.fragment, { headers: { Accept: "text/html" } });
    if (!response.ok) throw new Error(`status ${response.status}`);
    html = await response.text();
  } catch {
    location.assign(link.href);
    return;
  }
  const template = document.createElement("template");
  template.innerHTML = html;
  const groups = list.querySelector(".day-groups");
  const fresh = template.content.querySelector(".day-groups");
  if (groups && fresh) {
    const firstFresh = fresh.firstElementChild;
    const lastOld = groups.lastElementChild;
    const heading = (g) => g?.querySelector(".day-heading")?.textContent.trim();
    if (firstFresh && lastOld && heading(firstFresh) === heading(lastOld)) {
      lastOld.querySelector(".events").append(...firstFresh.querySelectorAll(".events > li"));
      firstFresh.remove();
    }
    const firstNew = fresh.querySelector(".event-card");
    groups.append(...fresh.children);
    firstNew?.querySelector(".event-headline a")?.focus();
  }
  const pager = list.querySelector(".pager");
  const freshPager = template.content.querySelector(".pager");
  if (pager) {
    if (freshPager) pager.replaceWith(freshPager);
    else pager.remove();
  }
}

// ---------------------------------------------------------------------------------
// The overview: drag to select, wheel to zoom, keys to zoom and move.

/** The day under `clientX` in `svg`, from its data-start/-end/-pad. */
function dayAt(svg, clientX) {
  const box = svg.getBoundingClientRect();
  const pad = Number(svg.dataset.pad);
  const start = dayNumber(svg.dataset.start);
  const days = dayNumber(svg.dataset.end) - start + 1;
  const percent = ((clientX - box.left) / box.width) * 100;
  const frac = Math.min(Math.max((percent - pad) / (100 - 2 * pad), 0), 0.999999);
  return start + Math.floor(frac * days);
}

let drag = null;
let suppressClickUntil = 0;

window.addEventListener(
  "click",
  (event) => {
    if (performance.now() < suppressClickUntil) {
      suppressClickUntil = 0;
      event.preventDefault();
      event.stopPropagation();
    }
  },
  { capture: true },
);

document.addEventListener("pointerdown", (event) => {
  const svg = event.target.closest?.(".overview-chart");
  if (!svg || event.button !== 0 || !onTimeline()) return;
  drag = { svg, x0: event.clientX, moved: false, rect: null, id: event.pointerId };
});

document.addEventListener("pointermove", (event) => {
  if (!drag || event.pointerId !== drag.id) return;
  if (!drag.moved && Math.abs(event.clientX - drag.x0) < 5) return;
  if (!drag.moved) {
    drag.moved = true;
    drag.rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    drag.rect.setAttribute("class", "selection");
    drag.rect.setAttribute("y", "0");
    drag.rect.setAttribute("height", "100%");
    drag.svg.append(drag.rect);
    drag.svg.classList.add("is-selecting");
  }
  const box = drag.svg.getBoundingClientRect();
  const left = Math.max(Math.min(drag.x0, event.clientX), box.left);
  const right = Math.min(Math.max(drag.x0, event.clientX), box.right);
  drag.rect.setAttribute("x", `${((left - box.left) / box.width) * 100}%`);
  drag.rect.setAttribute("width", `${((right - left) / box.width) * 100}%`);
  event.preventDefault();
});

function endDrag(event, apply) {
  if (!drag || event.pointerId !== drag.id) return;
  const { svg, x0, moved, rect } = drag;
  drag = null;
  if (!moved) return;
  rect?.remove();
  svg.classList.remove("is-selecting");
  // The click that ends a drag must not follow the link it ends on.
  suppressClickUntil = performance.now() + 400;
  if (!apply) return;
  const a = dayAt(svg, x0);
  const b = dayAt(svg, event.clientX);
  showTimeline(withRange(Math.min(a, b), Math.max(a, b)));
}

document.addEventListener("pointerup", (event) => endDrag(event, true));
document.addEventListener("pointercancel", (event) => endDrag(event, false));
// Links inside the overview are not for dragging elsewhere.
document.addEventListener("dragstart", (event) => {
  if (event.target.closest?.(".overview-chart")) event.preventDefault();
});

let wheel = null;
document.addEventListener(
  "wheel",
  (event) => {
    const svg = event.target.closest?.(".overview-chart");
    if (!svg || !onTimeline() || event.deltaY === 0) return;
    event.preventDefault();
    // Wheel events come in bursts: sum a burst and zoom once, around the pointer.
    if (!wheel) wheel = { svg, steps: 0, x: event.clientX, timer: 0 };
    wheel.steps += Math.sign(event.deltaY);
    wheel.x = event.clientX;
    clearTimeout(wheel.timer);
    wheel.timer = setTimeout(() => {
      const { svg: s, steps, x } = wheel;
      wheel = null;
      if (steps === 0) return;
      const start = dayNumber(s.dataset.start);
      const days = dayNumber(s.dataset.end) - start + 1;
      const factor = Math.pow(2, Math.max(-3, Math.min(3, steps)));
      const newDays = Math.max(1, Math.round(days * factor));
      const pivot = dayAt(s, x);
      const frac = (pivot - start) / days;
      const from = Math.round(pivot - frac * newDays);
      showTimeline(withRange(from, from + newDays - 1));
    }, 180);
  },
  { passive: false },
);

document.addEventListener("keydown", (event) => {
  const inOverview = event.target.closest?.("#tl-overview");
  if (!inOverview || event.altKey || event.ctrlKey || event.metaKey) return;
  const nav = { "+": "in", "=": "in", "-": "out", ArrowLeft: "earlier", ArrowRight: "later" }[
    event.key
  ];
  if (!nav) return;
  const link = document.querySelector(`#tl-overview a[data-nav="${nav}"]`);
  event.preventDefault();
  if (link) showTimeline(link.getAttribute("href"));
});

// ---------------------------------------------------------------------------------
// Marks and cards highlight each other; the keyboard moves between cards.

let selected = null;

function cards() {
  return [...document.querySelectorAll(".event-card[data-event-id]")];
}

function highlight(id, on) {
  if (!id) return;
  for (const el of document.querySelectorAll(`[data-event-id="${CSS.escape(id)}"]`)) {
    el.classList.toggle("is-linked", on);
  }
}

for (const type of ["mouseover", "focusin"]) {
  document.addEventListener(type, (event) => {
    const el = event.target.closest?.("[data-event-id]");
    if (el) highlight(el.dataset.eventId, true);
  });
}
for (const type of ["mouseout", "focusout"]) {
  document.addEventListener(type, (event) => {
    const el = event.target.closest?.("[data-event-id]");
    if (el && !el.contains(event.relatedTarget)) highlight(el.dataset.eventId, false);
    if (selected) highlight(selected.dataset.eventId, true);
  });
}

function select(card, { focus = true } = {}) {
  if (selected) {
    selected.classList.remove("is-selected");
    highlight(selected.dataset.eventId, false);
  }
  selected = card;
  if (!card) return;
  card.classList.add("is-selected");
  highlight(card.dataset.eventId, true);
  const link = card.querySelector(".event-headline a");
  if (focus && link) link.focus({ preventScroll: true });
  const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
  card.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
}

/** A first click on a mark selects its card when the list shows it; a second opens it. */
function selectMark(mark) {
  const card = document.querySelector(
    `.event-card[data-event-id="${CSS.escape(mark.dataset.eventId)}"]`,
  );
  if (!card || card === selected) return false;
  select(card);
  return true;
}

function typing(target) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName))
  );
}

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) {
    if (event.key === "Escape" && typing(event.target) && event.target.id === "q") {
      event.target.blur();
    }
    return;
  }
  if (event.target.closest?.("#tl-overview") && event.key.startsWith("Arrow")) return;
  const list = cards();
  const index = selected ? list.indexOf(selected) : -1;
  const inList = event.target.closest?.(".event-list") !== null;
  switch (event.key) {
    case "j":
    case "ArrowDown":
      if (event.key === "ArrowDown" && index < 0 && !inList) return;
      if (list.length === 0) return;
      event.preventDefault();
      select(list[Math.min(index + 1, list.length - 1)]);
      break;
    case "k":
    case "ArrowUp":
      if (event.key === "ArrowUp" && index < 0 && !inList) return;
      if (list.length === 0) return;
      event.preventDefault();
      select(list[Math.max(index - 1, 0)]);
      break;
    case "Enter": {
      // On the headline link the browser follows it; elsewhere open the selection.
      if (selected && !event.target.closest?.("a, button")) {
        event.preventDefault();
        const link = selected.querySelector(".event-headline a");
        if (link) location.assign(link.href);
      }
      break;
    }
    case "/": {
      const search = document.getElementById("q");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
      break;
    }
    case "Escape":
      if (selected) {
        const was = selected;
        select(null);
        if (was.contains(document.activeElement)) document.activeElement.blur();
      }
      break;
    default:
  }
});
