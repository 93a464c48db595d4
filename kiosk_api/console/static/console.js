// The staff console. Every string comes from the catalogs (/api/console/strings, Greek or English); citizen text is
// only ever set as text. The queue and the front desk update live from the hub's event streams.

import { eachEvent, h, isolated } from "/static/dom.js";

const root = document.getElementById("console");
let strings = {};
let language = localStorage.getItem("console-language") || "el";
let me = null;
let liveStream = null;
// Each screen the caseworker opens is a new visit. Work for a screen they have left (a slow answer, a live event)
// is dropped, so a late reply never pulls them back to where they were.
let currentVisit = 0;

function t(key) {
  return strings[language][key];
}

// What went wrong, in words, at the top of the screen: every action's failure reaches here (an action is an async
// click handler; what it throws is an unhandled rejection).
const PROBLEMS = { already_claimed: "problem_already_claimed", not_assigned_to_you: "problem_not_assigned", not_sent: "problem_not_sent",
  not_your_conversation: "problem_not_assigned", not_yet: "problem_not_yet", invalid_request: "problem_invalid",
  invalid_phone: "problem_invalid_phone", learning_running: "learn_running",
  handoff_not_found: "problem_not_found", conversation_not_found: "problem_not_found",
  not_movable: "problem_not_booked", not_cancellable: "problem_not_booked", not_markable: "problem_not_booked",
  not_booked: "problem_not_booked" };

window.addEventListener("unhandledrejection", (event) => {
  const code = event.reason?.message;
  if (code === "not_logged_in") return;  // the login screen already says so
  const where = document.getElementById("view") || root;
  where.querySelector(":scope > .problem")?.remove();
  where.prepend(h("p", { class: "error problem", role: "alert" }, t(PROBLEMS[code] || "error")));
  where.scrollIntoView({ block: "start" });
});

async function api(path, { method = "GET", body } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new Error("not_sent");  // no answer at all: the network, or the hub is down
  }
  if (response.status === 401) {
    // Logged in a moment ago: the session ended (expired, or logged out elsewhere), and the login screen says so.
    // Once: of two requests refused together, the second must not draw the login screen again without the reason.
    if (me !== null) {
      me = null;
      login(t("session_expired"));
    }
    throw new Error("not_logged_in");
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error((data && data.error && data.error.code) || String(response.status));
  return data;
}

// Every time as the centre's clock shows it (Athens, 24-hour), whatever the time zone of the browser's computer.
const CENTRE_TIME_ZONE = "Europe/Athens";

function locale() {
  return language === "el" ? "el-GR" : "en-GB";
}

// A time the hub sent without an offset (SQLite keeps none) is UTC, never the computer's own zone.
function instant(iso) {
  return new Date(/(?:Z|[+-]\d\d:?\d\d)$/i.test(iso) ? iso : `${iso}Z`);
}

// The time of day alone, where the day is already said (today's list, a calendar's day).
function clock(iso) {
  return instant(iso).toLocaleTimeString(locale(), { timeStyle: "short", timeZone: CENTRE_TIME_ZONE, hourCycle: "h23" });
}

// A day by its name and the time, as people say them ("Mon 7 Dec, 10:00"): where the day is not around it.
function dayAndTime(iso) {
  return instant(iso).toLocaleString(locale(), { weekday: "short", day: "numeric", month: "short", hour: "2-digit",
    minute: "2-digit", timeZone: CENTRE_TIME_ZONE, hourCycle: "h23" });
}

function time(iso) {
  return instant(iso).toLocaleString(locale(), { dateStyle: "short", timeStyle: "short", timeZone: CENTRE_TIME_ZONE, hourCycle: "h23" });
}

// How long someone has waited (until now, or until a caseworker took them): "12 min", "1 h 5 min".
function waited(iso, untilIso = null) {
  const until = untilIso ? instant(untilIso).getTime() : Date.now();
  const minutes = Math.max(0, Math.floor((until - instant(iso).getTime()) / 60000));
  if (minutes < 60) return t("minutes_waited").replace("{minutes}", minutes);
  return t("hours_waited").replace("{hours}", Math.floor(minutes / 60)).replace("{minutes}", minutes % 60);
}

// A code the hub stores (a language, channel, reason, topic, service or status), as a word in the console's language.
let serviceNames = {};

function word(kind, code) {
  if (code === null || code === undefined || code === "") return "—";
  return strings[language].words[kind]?.[code] ?? serviceNames[code]?.[language] ?? code;
}

// Layout

function newVisit() {
  currentVisit += 1;
  liveStream?.abort();
  liveStream = null;
  return currentVisit;
}

// Each conversation has an address (#conversation/12): it can be opened in another tab, and after a session ends
// the caseworker comes back to it. The other screens have none.
function address(hash) {
  history.replaceState(null, "", hash ? `#${hash}` : location.pathname);
}

function route() {
  const opened = /^#conversation\/(\d+)$/.exec(location.hash);
  if (me.role === "reviewer") teach();  // a reviewer reads no conversation: teaching is all they do here
  else if (opened) conversation(Number(opened[1]));
  else queue();
}

window.addEventListener("hashchange", () => { if (me) route(); });

// What a caseworker is typing, kept in this tab while they type: a session that ends mid-sentence loses nothing.
// Session storage: gone when the tab is closed, so a shared computer keeps no citizen's words.
function draft(field, key) {
  field.value = sessionStorage.getItem(key) ?? "";
  field.addEventListener("input", () => sessionStorage.setItem(key, field.value));
  return () => { field.value = ""; sessionStorage.removeItem(key); };
}

// Colleagues' names by id: who holds a conversation, who wrote a note, who called a walk-in.
let colleagueNames = {};

async function loadColleagues() {
  const colleagues = await api("/api/staff/colleagues");
  colleagueNames = Object.fromEntries(colleagues.map((c) => [c.id, c.name]));
  return colleagues;
}

function who(staffId) {
  if (staffId === null || staffId === undefined) return "—";
  if (staffId === me.id) return `${me.name} (${t("you")})`;
  return colleagueNames[staffId] ?? "—";
}

// The page on screen ("queue", "today"…), so that switching the console's language redraws it, not the queue; and
// how to draw it again as it is, where a page keeps a choice of its own (the month of Reports).
let currentView = "queue";
let redraw = null;
// What was typed to find an appointment, searched again when the page is drawn again (the language switched, a
// person marked arrived), forgotten on leaving the page (helper-138's try: it was gone on switching the language).
let finding = "";

function layout(view, title) {
  if (view !== currentView) finding = "";
  currentView = view;
  redraw = null;
  if (view !== "conversation") address(null);
  const nav = me.role === "reviewer" ? [["teach", teach]] : [["queue", queue], ["today", today], ["knowledge", knowledge], ["reports", reports]];
  if (me.role === "admin") nav.push(["teach", teach], ["admin", admin]);
  root.replaceChildren(
    h("header", { class: "top" },
      h("strong", {}, t("title")),
      h("nav", { "aria-label": t("title") }, nav.map(([key, show]) =>
        h("button", { class: "link", "aria-current": key === view ? "page" : false, onclick: () => show() }, t(`nav_${key}`)))),
      h("span", { class: "who" }, me.name),
      h("button", { class: "link", onclick: switchLanguage }, language === "el" ? "English" : "Ελληνικά"),
      h("button", { class: "link", onclick: logout }, t("log_out"))),
    h("main", { class: `page page-${view}` }, h("h1", {}, title), h("div", { id: "view" })));
  return document.getElementById("view");
}

function switchLanguage() {
  language = language === "el" ? "en" : "el";
  localStorage.setItem("console-language", language);
  document.documentElement.lang = language;
  // A conversation is drawn again from its address; a screen within a page (a new time, a working plan) goes back
  // to its page.
  if (currentView === "conversation") route();
  else (redraw ?? { queue, today, knowledge, reports, teach, admin }[currentView] ?? route)();
}

// Login

function login(message = null) {
  newVisit();
  const email = h("input", { id: "email", type: "email", autocomplete: "username", required: "" });
  const password = h("input", { id: "password", type: "password", autocomplete: "current-password", required: "" });
  root.replaceChildren(h("main", { class: "login" },
    h("h1", {}, t("title")),
    h("button", { class: "link", lang: language === "el" ? "en" : "el", onclick: () => {
      language = language === "el" ? "en" : "el";
      localStorage.setItem("console-language", language);
      document.documentElement.lang = language;
      login();
    } }, language === "el" ? "English" : "Ελληνικά"),
    message ? h("p", { class: "error", role: "alert" }, message) : null,
    h("form", { onsubmit: async () => {
      const response = await fetch("/api/staff/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: email.value, password: password.value }) });
      if (!response.ok) { login(t("login_failed")); return; }
      me = await response.json();
      // Another person may have logged in at this computer: their calendar, not the last person's.
      Object.assign(calendarState, { staffId: null, start: null, span: "day" });
      bookingDraft = {};
      route();
    } },
      h("label", { for: "email" }, t("email")), email,
      h("label", { for: "password" }, t("password")), password,
      h("button", { class: "primary", type: "submit" }, t("log_in")))));
}

async function logout() {
  await api("/api/staff/logout", { method: "POST" }).catch(() => {});
  me = null;
  sessionStorage.clear();  // drafts: logging out on purpose leaves nothing behind
  login();
}

// The queue, live

// A citizen who can no longer read the conversation: on Telegram they have left; a kiosk's screen clears after a
// while without a touch, and the person (in danger, perhaps) may still be waiting in the lobby, unless the centre
// was closed (an independent try: written on a Sunday night, read at 08:00, it sent staff to an empty lobby).
function leftKey(handoff, suffix = "") {
  if (handoff.channel !== "kiosk") return "citizen_left" + suffix;
  return (handoff.citizen_left_out_of_hours ? "kiosk_cleared_closed" : "kiosk_cleared") + suffix;
}

// What a waiting conversation is about: its programme, or why it came to staff; "Urgent" is the first column's.
function topicCell(handoff) {
  if (handoff.citizen_left) return t(leftKey(handoff, "_short"));
  if (handoff.topic) return word("topic", handoff.topic);
  return handoff.reason === "urgent" ? "—" : word("reason", handoff.reason);
}

async function queue() {
  const visit = newVisit();
  const view = layout("queue", t("nav_queue"));
  // A table: each column a fact in words, the waiting time in minutes, urgent rows marked and first.
  const rows = h("tbody", {});
  await loadColleagues();
  const list = h("table", { class: "queue", "aria-live": "polite" },
    h("thead", {}, h("tr", {}, ["urgency", "language", "topic", "channel", "status", "held_by", "waiting"].map((key) => h("th", { scope: "col" }, t(key))),
      h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("open"))))),
    rows);
  view.append(list);
  const draw = async () => {
    const open = (await api("/api/handoffs")).filter((handoff) => handoff.status !== "resolved");
    if (!open.length) { rows.replaceChildren(h("tr", {}, h("td", { colspan: "8" }, t("queue_empty")))); return; }
    rows.replaceChildren(...open.map((handoff) => h("tr", { class: handoff.urgent ? "urgent" : "" },
      // Danger seen in a row not urgent is shown too: written while waiting for a person (helper-139's retry).
      h("td", {}, handoff.urgent || handoff.danger ? h("span", { class: dangerBadge(handoff.danger) }, handoff.danger ? dangerLabel(handoff.danger) : t("urgent")) : null,
        // Said while waiting ("No" under the question, after asking for a person): the row stays urgent, and says it.
        handoff.danger && handoff.danger_answer ? h("span", { class: "answer" }, t(`danger_answer_${handoff.danger_answer}`)) : null),
      h("td", {}, word("language", handoff.language)),
      h("td", {}, topicCell(handoff)),
      h("td", {}, word("channel", handoff.channel)),
      h("td", {}, t(`status_${handoff.status}`)),
      h("td", {}, handoff.assigned_to ? who(handoff.assigned_to) : "—"),
      h("td", { title: t("waiting_since").replace("{time}", time(handoff.created_at)) },
        handoff.claimed_at ? t("waited_until_claimed").replace("{time}", waited(handoff.created_at, handoff.claimed_at)) : waited(handoff.created_at)),
      // Its number, as its page heads it: rows that read alike are told apart, and named between colleagues.
      h("td", {}, h("button", { class: "entry", onclick: () => conversation(handoff.id, handoff.conversation_id, handoff.assigned_to) }, `${t("open")} #${handoff.id}`)))));
  };
  // Conversations in which the assistant saw possible danger but nobody has taken over: a caseworker may look in.
  const checks = h("section", { class: "danger-checks", "aria-live": "polite" });
  list.after(checks);  // below the queue: the people waiting for staff come first
  const drawChecks = async () => {
    // Not those who answered that nobody is in danger: they said so, and can ask for a person at any time; nor those
    // a caseworker has taken since the danger was seen, and let go back to the assistant.
    const live = (await api("/api/handoffs/live?minutes=1440"))
      .filter((c) => c.danger && c.state === "bot" && c.danger_answer !== "no" && !c.seen_by_staff);
    checks.replaceChildren(...(live.length ? [h("h2", {}, t("danger_checks")), h("ul", { class: "queue" }, live.map((c) =>
      h("li", { class: c.danger_answer === "yes" || c.danger_answer === "unclear" ? "urgent" : "" },
        h("span", { class: dangerBadge(c.danger) }, dangerLabel(c.danger)),
        h("span", { class: "lang" }, word("language", c.language)),
        h("span", {}, word("channel", c.channel)),
        h("span", {}, t(`danger_answer_${c.danger_answer || "none"}`)),
        h("span", {}, time(c.last_message_at)),
        h("button", { onclick: async () => {
          const handoff = await api("/api/handoffs", { method: "POST", body: { conversation_id: c.id } });
          conversation(handoff.id);
        } }, t("take_over")))))] : []));
  };
  await draw();
  await drawChecks();
  follow(visit, "/api/handoffs/events", (event) => {
    draw();
    drawChecks();  // a possible danger now in the queue (the citizen left) is not listed twice
    // A colleague's transfer is said, not only shown as one more row.
    if (event.kind === "transferred" && event.handoff?.assigned_to === me.id) {
      view.querySelector(":scope > .passed")?.remove();
      view.prepend(h("p", { class: "notice passed", role: "status" }, t("passed_to_you").replace("{id}", event.handoff_id)));
    }
  });
  // Every half minute from the database too: the minutes waited move on, and a stream that fell silent (a network
  // that dropped it) cannot leave the queue as it was (an independent try).
  const timer = setInterval(() => {
    if (visit !== currentVisit) { clearInterval(timer); return; }
    draw();
    drawChecks();
  }, 30000);
}

// Possible danger in amber, clear danger in red: told apart at a glance, not by a word (an independent try).
function dangerBadge(danger) {
  return danger?.startsWith("possible:") ? "badge possible" : "badge";
}

// "possible:suicide" → "Possible danger: suicide or self-harm"; "clear:violence+homeless" names both kinds.
function dangerLabel(danger) {
  const [level, kinds] = danger.split(":");
  const named = kinds.split("+").map((kind) => t(`danger_${kind}`)).join(", ");
  return t(level === "clear" ? "danger_clear" : "danger_possible").replace("{kind}", named);
}

// Server-sent events with the session cookie, for as long as the visit lasts; the callback runs on each event.
// `onOpen` runs once the stream is open: what was written between reading the page and listening has no event.
function follow(visit, path, onEvent, onOpen = null) {
  if (visit !== currentVisit) return;
  const controller = new AbortController();
  liveStream = controller;
  fetch(path, { credentials: "same-origin", signal: controller.signal })
    .then((response) => {
      if (visit === currentVisit && onOpen) onOpen();
      return eachEvent(response, (event) => {
        if (visit === currentVisit) onEvent(event);
      });
    })
    .catch(() => {});
}

// One conversation

// An attachment's name as sent, shown left to right and with any direction control made visible: "\u202Egpj.exe"
// must not pass for "exe.jpg".
function fileName(name) {
  return h("bdi", { dir: "ltr" }, name.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, "\uFFFD"));
}

// `expected`: the conversation a queue row was drawn for. SQLite may give a new request the number of an erased one,
// and a row drawn before must not open someone else's conversation. `holder`: whoever the row says has it.
async function conversation(handoffId, expected = null, holder = null) {
  const visit = newVisit();
  address(`conversation/${handoffId}`);
  let detail;
  try {
    [detail] = await Promise.all([api(`/api/handoffs/${handoffId}`), loadColleagues()]);
  } catch (error) {
    // Opened from a row or an address (a new tab, a reload): never a page without its menu.
    if (error.message === "handoff_not_found") return gone();
    if (error.message === "not_your_conversation") return claimedElsewhere(holder);  // says whose, when known
    throw error;
  }
  if (visit !== currentVisit) return;
  if (expected !== null && detail.conversation_id !== expected) { await gone(); return; }
  const view = layout("conversation", t("conversation_heading").replace("{id}", detail.id));
  const mine = detail.status === "assigned" && detail.assigned_to === me.id;
  const facts = h("dl", { class: "facts" },
    h("dt", {}, t("state")), h("dd", {}, detail.status === "resolved" ? t("closed_state") : t(`status_${detail.status}`)),
    h("dt", {}, t("held_by")), h("dd", {}, detail.assigned_to ? who(detail.assigned_to) : "—"),
    h("dt", {}, t("language")), h("dd", {}, word("language", detail.language)),
    h("dt", {}, t("topic")), h("dd", {}, word("topic", detail.topic)),
    h("dt", {}, t("channel")), h("dd", {}, word("channel", detail.channel)),
    // Urgent for danger: which danger, and whether told or possible (an independent try read only "Urgent").
    h("dt", {}, t("reason")), h("dd", {}, detail.reason === "urgent" && detail.danger
      ? h("span", { class: dangerBadge(detail.danger) }, dangerLabel(detail.danger)) : word("reason", detail.reason)));
  const messageItem = (message) => h("li", { class: `from-${message.sender}`, lang: message.language, "data-id": message.id },
    // Who wrote it (a colleague's name on a staff reply), and whether the citizen changed an earlier message.
    h("span", { class: "meta" }, [t(`sender_${message.sender}`), message.staff_id ? who(message.staff_id) : null,
      word("language", message.language), time(message.created_at), message.edited ? t("edited") : null].filter(Boolean).join(" · ")),
    message.danger ? h("span", { class: `${dangerBadge(message.danger)} danger` }, dangerLabel(message.danger)) : null,
    // Her answer to "are you in danger right now?": a Yes is danger told, whatever the first message read as.
    message.danger_answer ? h("span", { class: `badge ${message.danger_answer === "no" ? "calm" : "danger"}` },
      t(`danger_answer_${message.danger_answer}`)) : null,
    // dir=auto: each message takes its own direction, and no direction control in it reaches the page around it.
    // Web addresses, numbers and references isolated left to right, as on the kiosk: in an Arabic message
    // "https://…/a21/" must not have its slash jump to the front, nor "K7P3QD" show as "3QDK7P".
    h("p", { dir: "auto" }, isolated(message.text)),
    message.attachments.map((file) => h("a", { href: `/api/handoffs/${detail.id}/attachments/${file.id}`, download: file.file_name }, fileName(file.file_name))));
  const transcript = h("ol", { class: "transcript", "aria-label": t("transcript") }, detail.messages.map(messageItem));
  let lastShown = Math.max(0, ...detail.messages.map((message) => message.id));
  // New messages are added below the others: what the caseworker is writing, and where they are reading, stay put.
  // One at a time: a reply sent and its own live event must not both add the same message.
  let showing = Promise.resolve();
  const showNew = () => (showing = showing.then(readNew, readNew));
  const readNew = async () => {
    const fresh = await api(`/api/handoffs/${handoffId}`);
    if (visit !== currentVisit) return;
    for (const message of fresh.messages.filter((m) => m.id > lastShown)) transcript.append(messageItem(message));
    lastShown = Math.max(lastShown, ...fresh.messages.map((message) => message.id));
    // A colleague's note, or the system's (the citizen can no longer be reached, say), shows as it is written.
    for (const n of fresh.notes.filter((n) => !notesShown.has(n.id))) showNote(n);
    if (fresh.citizen_left && !view.querySelector(".citizen-left")) {
      transcript.before(h("p", { class: "error citizen-left", role: "status" }, t(leftKey(fresh))));
    }
  };
  const actions = h("div", { class: "actions" });
  // At the top, before a transcript that can run to many screens: Claim, and the way to the message that told of
  // danger and to the latest one.
  const jump = (message, label) => h("a", { href: `#message-${message.id}`, onclick: (event) => {
    event.preventDefault();
    transcript.querySelector(`[data-id="${message.id}"]`)?.scrollIntoView({ block: "center" });
  } }, label);
  // The first message that told of clear danger, else of possible danger; named by the conversation's danger, which
  // a Yes to the question makes clear (an independent try read "Possible danger" here after her Yes).
  const firstDanger = detail.messages.find((message) => message.danger?.startsWith("clear:"))
    ?? detail.messages.find((message) => message.danger);
  const latest = detail.messages.at(-1);
  const top = h("div", { class: "row top-actions" },
    detail.status === "waiting" ? h("button", { class: "primary", onclick: () => claim(detail.id) }, t("claim")) : null,
    firstDanger ? jump(firstDanger, t("go_to_danger").replace("{danger}", dangerLabel(detail.danger ?? firstDanger.danger))) : null,
    latest ? jump(latest, t("go_to_latest")) : null);
  if (mine && !detail.citizen_left) {
    // dir=auto: an Arabic reply is written right to left, a Greek one left to right.
    const box = h("textarea", { id: "reply", rows: "3", dir: "auto", "aria-label": t("reply") });
    const sentReply = draft(box, `draft-reply-${detail.id}`);
    const unsent = box.value ? h("p", { class: "notice", role: "status" }, t("draft_not_sent")) : null;
    // Each ready answer in the citizen's language, with what it says in the console's (the same list, in order).
    const [canned, meanings] = await Promise.all([detail.language, language].map((code) => api(`/api/console/canned?language=${code}`)));
    const colleagues = (await api("/api/staff/colleagues")).filter((c) => c.id !== me.id);
    // No colleague chosen until the caseworker chooses one.
    const transferTo = h("select", { id: "transfer", required: "" }, h("option", { value: "" }, t("choose_colleague")),
      colleagues.map((c) => h("option", { value: c.id }, c.name)));
    actions.append(
      h("label", { for: "reply" }, t("reply")), ...(unsent ? [unsent] : []), box,
      h("div", { class: "canned", "aria-label": t("canned") }, canned.map((text, index) =>
        h("button", { class: "chip", onclick: () => { box.value = text; box.dispatchEvent(new Event("input")); } },
          h("span", { lang: detail.language, dir: "auto" }, text),
          detail.language === language ? null : h("small", { class: "meaning" }, meanings[index])))),
      h("button", { class: "primary", onclick: async () => {
        if (!box.value.trim()) return;
        await api(`/api/handoffs/${detail.id}/messages`, { method: "POST", body: { text: box.value } });
        sentReply();
        await showNew();
      } }, t("send")),
      h("div", { class: "row" },
        h("label", { for: "transfer" }, t("transfer_to")), transferTo,
        h("button", { onclick: async () => {
          if (!transferTo.value) return;
          await api(`/api/handoffs/${detail.id}/transfer`, { method: "POST", body: { staff_id: Number(transferTo.value) } });
          await queue();
          document.getElementById("view").prepend(h("p", { class: "notice", role: "status" },
            t("transferred_to").replace("{id}", detail.id).replace("{name}", who(Number(transferTo.value)))));
        } }, t("transfer"))),
      closing(detail.id, true, detail.danger));
  }
  const note = h("textarea", { id: "note", rows: "2", dir: "auto", "aria-label": t("note") });
  const noteWritten = draft(note, `draft-note-${detail.id}`);
  // A note without an author is the system's, in the console's language.
  const noteItem = (n) => h("li", {}, h("span", { class: "meta" }, `${time(n.created_at)} · ${n.staff_id ? who(n.staff_id) : t("automatic_note")}`), h("p", { dir: "auto" }, n.texts?.[language] ?? n.text));
  const noteList = h("ul", {}, detail.notes.map(noteItem));
  const notesShown = new Set(detail.notes.map((n) => n.id));
  const showNote = (n) => { if (!notesShown.has(n.id)) { notesShown.add(n.id); noteList.append(noteItem(n)); } };
  const notes = h("section", { class: "notes" }, h("h2", {}, t("notes")), noteList,
    h("label", { for: "note" }, t("note")), note,
    h("button", { onclick: async () => {
      if (!note.value.trim()) return;
      showNote(await api(`/api/handoffs/${detail.id}/notes`, { method: "POST", body: { text: note.value } }));
      noteWritten();
    } }, t("add_note")));
  const booked = await api(`/api/handoffs/${detail.id}/appointments`).catch(() => []);
  const appointments = h("section", {}, h("h2", {}, t("appointments")), booked.length
    ? h("ul", {}, booked.map((a) => h("li", {}, `${a.reference} · ${word("service", a.service)} · ${time(a.starts_at)} · ${word("appointment", a.status)}`)))
    : h("p", {}, t("no_appointments")));
  const left = detail.citizen_left ? h("p", { class: "error citizen-left", role: "status" }, t(leftKey(detail))) : null;
  if (mine && detail.citizen_left) actions.append(closing(detail.id, false, detail.danger, true));
  view.append(facts, top, ...(left ? [left] : []), h("h2", {}, t("transcript")), transcript, actions, notes, appointments);
  // Back after a session ended, with a reply not sent: shown where it is, not at the top of a long page.
  document.getElementById("reply")?.value && document.getElementById("reply").scrollIntoView({ block: "center" });
  follow(visit, "/api/handoffs/events", (event) => {
    if (event.handoff_id !== handoffId) return;
    // Closed by a colleague and erased, as the citizen had asked: nothing is left to read. (Closed here, the queue
    // says so already.)
    if (event.handoff === null) { if (closedHere !== handoffId) gone(); return; }
    if (event.kind === "message") showNew();
    else if (["claimed", "transferred", "resolved"].includes(event.kind)) {
      // Now a colleague's: back to the queue, saying whose (only they, and admins, may read it on). Otherwise drawn
      // again (what is being typed is kept, see draft()).
      const holder = event.handoff.assigned_to;
      if (event.kind !== "resolved" && holder && holder !== me.id && me.role !== "admin") claimedElsewhere(holder);
      else conversation(handoffId);
    }
  }, showNew);
}

// Claiming: a colleague may have been quicker; then the queue says who has it.
async function claim(handoffId) {
  try {
    await api(`/api/handoffs/${handoffId}/claim`, { method: "POST" });
  } catch (error) {
    if (error.message !== "already_claimed") throw error;
    const taken = (await api("/api/handoffs")).find((handoff) => handoff.id === handoffId);
    await claimedElsewhere(taken?.assigned_to);
    return;
  }
  conversation(handoffId);
}

// The queue, saying which colleague has the conversation one was looking at.
// Back to the queue, saying why. The press and the conversation's stream can both learn of it at once: the notice
// is said once.
async function backToQueueSaying(problem) {
  await queue();
  const view = document.getElementById("view");
  view.querySelectorAll(".problem").forEach((shown) => shown.remove());
  view.prepend(h("p", { class: "error problem", role: "alert" }, problem));
}

// The conversation on screen no longer exists.
function gone() {
  return backToQueueSaying(t("problem_not_found"));
}

function claimedElsewhere(holderId) {
  return backToQueueSaying(holderId ? t("problem_claimed_by").replace("{name}", who(holderId)) : t("problem_already_claimed"));
}

// Closing a conversation, or giving it back to the assistant: each says what the citizen will be told, and asks.
// The conversation this screen itself just closed: its erasure, heard on the stream, is not news here.
let closedHere = null;

// `left`: the citizen has gone (the kiosk cleared, or they asked to erase): nobody is told, and closing erases it.
function closing(handoffId, canReturn, danger = null, left = false) {
  const row = h("div", { class: "row closing" });
  const ask = (returnToBot) => {
    row.querySelector(".confirm")?.remove();
    row.append(h("div", { class: "confirm", role: "group" },
      danger ? h("p", { class: "error" }, t(left ? "close_danger_warning_left" : "close_danger_warning")) : null,
      h("p", {}, t(left ? "close_left_explained" : returnToBot ? "return_explained" : "resolve_explained")),
      h("div", { class: "row" },
        h("button", { class: "primary", onclick: async () => {
          closedHere = handoffId;
          await api(`/api/handoffs/${handoffId}/resolve`, { method: "POST", body: { return_to_bot: returnToBot } });
          sessionStorage.removeItem(`draft-reply-${handoffId}`);
          sessionStorage.removeItem(`draft-note-${handoffId}`);
          await queue();
          if (left) {
            document.getElementById("view").prepend(
              h("p", { class: "notice", role: "status" }, t("closed_and_erased").replace("{id}", handoffId)));
          }
        } }, t(returnToBot ? "return_to_bot" : "resolve")),
        h("button", { onclick: () => row.querySelector(".confirm")?.remove() }, t("keep_open")))));
  };
  row.append(h("button", { onclick: () => ask(false) }, t("resolve")),
    ...(canReturn ? [h("button", { onclick: () => ask(true) }, t("return_to_bot"))] : []));
  return row;
}

// What the citizen answered in the estimate, when they booked help with an application and consented.
function estimateAnswers(details) {
  const answers = details && details.estimate;
  if (!answers) return null;
  const text = t("estimate_answers").replace("{adults}", answers.adults).replace("{children}", answers.children)
    .replace("{income}", answers.monthly_income).replace("{rent}", answers.rent)
    .replace("{single_parent}", answers.single_parent ? t("yes") : t("no"));
  return h("span", { class: "estimate" }, text);
}

// Cancelling gives the time away to whoever asks next: asked once more (it sits beside Move), then said, with what to
// do to tell the citizen.
function cancelButton(a) {
  // type=button: in the search results it sits inside the search form, which a plain button would send again.
  const button = h("button", { type: "button", onclick: () => {
    if (button.nextElementSibling?.classList.contains("confirm")) return;
    const confirm = h("span", { class: "confirm row", role: "group" },
      h("span", {}, t("cancel_confirm").replace("{reference}", a.reference)),
      h("button", { type: "button", class: "primary", onclick: async () => {
        const cancelled = await api(`/api/desk/appointments/${a.reference}/cancel`, { method: "POST" });
        today(`${t("cancelled_reference").replace("{reference}", a.reference)} ${howTold(cancelled)}`);
      } }, t("cancel_yes")),
      h("button", { type: "button", onclick: () => confirm.remove() }, t("cancel_no")));
    button.after(confirm);
  } }, t("cancel"));
  return button;
}

// Whether the citizen learns of a change to their appointment, or what to do to tell them.
function howTold(appointment) {
  // Booked at the desk there was never a conversation to tell them in: not "the conversation has ended".
  if (appointment.can_be_told) return t("moved_told");
  if (!appointment.phone) return t("moved_no_phone");
  return t(appointment.channel === "desk" ? "moved_desk_phone" : "moved_cannot_be_told").replace("{phone}", appointment.phone);
}

// Today at the front desk

async function today(notice = null) {
  const visit = newVisit();
  const view = layout("today", t("nav_today"));
  // From the menu the argument is the click itself, not a notice.
  // What was just done to an appointment (booked, moved, cancelled), with its code.
  if (typeof notice === "string") view.append(h("p", { role: "status", class: "notice appointment-done" }, notice));
  const [board] = await Promise.all([api("/api/desk/today"), loadColleagues()]);
  // With nobody waiting, it says so at once, not only once "Call the next person" is pressed (an independent try).
  const called = h("p", { class: "walk-ins-status", role: "status" },
    board.walk_ins.some((w) => w.status === "waiting") ? "" : t("nobody_waiting"));
  // A walk-in's ticket: when it was taken, and who called it when; "Not here" for someone called who has gone.
  const ticket = (w) => h("li", { class: "row" },
    h("span", {}, [`${w.number}`, word("walk_in_reason", w.reason), word("language", w.language), word("walk_in", w.status),
      t("walk_in_taken").replace("{time}", clock(w.taken_at)),
      w.called_at ? t("walk_in_called").replace("{time}", clock(w.called_at)).replace("{name}", who(w.called_by)) : null,
    ].filter(Boolean).join(" · ")),
    w.status === "left" ? null : h("button", { onclick: async () => { await api(`/api/desk/walk-ins/${w.number}/left`, { method: "POST" }); today(); } }, t("walk_in_not_here")));
  view.append(
    h("h2", {}, t("arrivals")),
    ...(board.appointments.length ? [] : [h("p", {}, t("no_arrivals"))]),
    h("table", {}, h("tbody", {}, board.appointments.map((a) => h("tr", {},
      h("td", {}, clock(a.starts_at)), h("td", {}, a.reference), h("td", {}, a.name || a.phone ? sideBySide([a.name, a.phone], a.phone) : "—"),
      h("td", {}, word("service", a.service)), h("td", {}, who(a.staff_id)), h("td", {}, word("language", a.language)),
      h("td", {}, word("appointment", a.status)),
      h("td", { class: "row" }, a.status === "booked" ? [
        h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/arrived`, { method: "POST" }); today(); } }, t("mark_arrived")),
        h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/no-show`, { method: "POST" }); today(); } }, t("mark_no_show")),
        cancelButton(a),
      ] : null))))),
    h("h2", {}, t("walk_ins")),
    h("ul", { class: "walk-ins" }, board.walk_ins.map(ticket)),
    h("div", { class: "row" },
      h("button", { class: "primary", onclick: async () => {
        try {
          await api("/api/desk/walk-ins/next", { method: "POST" });
        } catch (error) {
          if (error.message !== "nobody_waiting") throw error;
          called.textContent = t("nobody_waiting");  // beside the button, where the caseworker is looking
          return;
        }
        today();
      } }, t("call_next")),
      called));
  view.append(await calendar());
  follow(visit, "/api/desk/events", today);
}

// A caseworker's appointments by day or week: book, move, cancel, mark no-show.

// Its days are the centre's dates (YYYY-MM-DD in Athens), whatever the browser's time zone, and the day after one
// is the next date: a day was the browser's midnight plus 24 hours, so after the clocks changed a week began at 01:00
// and showed none of its appointments, and a laptop on another zone's time showed another day as today.
const calendarState = { staffId: null, span: "day", start: null, chosenOn: null };

// Turn the calendar to a day (null: today), remembering on which day it was chosen.
function turnCalendarTo(start) {
  Object.assign(calendarState, { start, chosenOn: centreToday() });
}

function centreToday() {
  return athensDate(new Date().toISOString());
}

// A date's calendar arithmetic, at noon UTC: no time zone or change of the clocks moves it to another date.
function dateAt(date) {
  return new Date(`${date}T12:00:00Z`);
}

function addDays(date, count) {
  const moved = dateAt(date);
  moved.setUTCDate(moved.getUTCDate() + count);
  return moved.toISOString().slice(0, 10);
}

// The Monday of a day's week: a week is shown Monday to Sunday, as a Greek calendar is.
function monday(date) {
  return addDays(date, -((dateAt(date).getUTCDay() + 6) % 7));
}

function dateLabel(date, options) {
  return dateAt(date).toLocaleDateString(language === "el" ? "el-GR" : "en-GB", { ...options, timeZone: "UTC" });
}

// After a booking or a move the calendar shows the appointment: its caseworker, and its day or week (next week's
// time, booked on a Sunday or a Friday evening, was out of sight).
function showInCalendar(appointment) {
  const booked = athensDate(appointment.starts_at);
  calendarState.staffId = appointment.staff_id;
  turnCalendarTo(calendarState.span === "week" ? monday(booked) : booked);
}

async function calendar() {
  const colleagues = await api("/api/staff/colleagues");
  calendarState.staffId ??= me.id;
  // A console left open overnight opens on the new day, not on the one it was last turned to the day before; a day
  // chosen today is kept (independent tries).
  const todayHere = centreToday();
  if (calendarState.chosenOn !== todayHere) turnCalendarTo(null);
  // A week is shown Monday to Sunday, whichever day it is opened on.
  calendarState.start ??= calendarState.span === "week" ? monday(todayHere) : todayHere;
  const days = calendarState.span === "day" ? 1 : 7;
  const query = new URLSearchParams({
    start: athensMidnight(calendarState.start), end: athensMidnight(addDays(calendarState.start, days)), staff_id: calendarState.staffId,
  });
  const booked = await api(`/api/desk/appointments?${query}`);
  const section = h("section", { class: "calendar", "aria-label": t("calendar") });
  const who = h("select", { id: "calendar-staff" }, colleagues.map((c) => h("option", { value: c.id, selected: c.id === calendarState.staffId ? "" : false }, c.name)));
  who.addEventListener("change", () => { calendarState.staffId = Number(who.value); today(); });
  const shift = (direction) => { turnCalendarTo(addDays(calendarState.start, direction * days)); today(); };
  // Any day, not only the next and previous ones.
  const pick = h("input", { id: "calendar-day", type: "date", value: calendarState.start });
  pick.addEventListener("change", () => {
    if (!pick.value) return;
    turnCalendarTo(calendarState.span === "week" ? monday(pick.value) : pick.value);
    today();
  });
  section.append(
    h("h2", {}, t("calendar")),
    h("div", { class: "row" },
      h("label", { for: "calendar-staff" }, t("caseworker")), who,
      h("button", { "aria-pressed": String(calendarState.span === "day"), onclick: () => { calendarState.span = "day"; today(); } }, t("day")),
      h("button", { "aria-pressed": String(calendarState.span === "week"), onclick: () => { calendarState.span = "week"; turnCalendarTo(monday(calendarState.start)); today(); } }, t("week")),
      h("button", { onclick: () => shift(-1) }, t(`previous_${calendarState.span}`)),
      h("span", {}, dateLabel(calendarState.start, { dateStyle: "full" })),
      h("button", { onclick: () => shift(1) }, t(`next_${calendarState.span}`)),
      // Back from next Thursday in one press (an independent try found the calendar still there on coming back).
      h("button", { onclick: () => { turnCalendarTo(null); today(); } }, t("back_to_today")),
      h("label", { for: "calendar-day" }, t("go_to_day")), pick),
    appointmentFinder());
  const columns = h("div", { class: `days days-${days}` });
  for (let index = 0; index < days; index += 1) {
    const day = addDays(calendarState.start, index);
    const entries = booked.filter((a) => athensDate(a.starts_at) === day);
    // Today's column is marked, in a week as in a day (an independent try looked for it).
    columns.append(h("div", { class: "day", "aria-current": day === todayHere ? "date" : false },
      h("h3", {}, dateLabel(day, { weekday: "long", day: "numeric", month: "short" })),
      h("ul", {}, entries.map((a) => appointmentRow(a, clock)))));
  }
  section.append(columns, await bookingForm());
  return section;
}

// Facts side by side, each isolated from the next: an Arabic name beside a phone put its "+" on the wrong side
// ("رهف الحسن 306945123456+"). `leftToRight` is the one always read left to right (a phone).
function sideBySide(facts, leftToRight = null) {
  return facts.filter(Boolean).flatMap((fact, at) => [at ? " · " : "", h("bdi", { dir: fact === leftToRight ? "ltr" : "auto" }, fact)]);
}

// One appointment, with what can be done to it; `when` shows its time (the clock alone in a day's column).
// Each fact isolated (`sideBySide`). No "No-show" before the appointment's time: the hub refuses it then (an
// independent try found it offered days ahead).
// `found`: a hit of the desk's search, among every caseworker's appointments: who it is first (the name, as the
// receptionist looks for it, then the phone) on a line of its own, then when, whose (the calendar around it may be
// another's) and the rest on the next (a hit was one long line: an independent try).
function appointmentRow(a, when, found = false) {
  const line = (facts) => h("span", {}, sideBySide(facts, a.phone));
  const started = new Date(a.starts_at) <= new Date();
  const facts = found
    ? [h("strong", { class: "who" }, line([a.name, a.phone])),
      h("span", { class: "when" }, line([when(a.starts_at), who(a.staff_id), word("service", a.service), word("language", a.language), a.reference]))]
    : [line([when(a.starts_at), a.reference, word("service", a.service), word("language", a.language), a.name, a.phone])];
  return h("li", { class: `status-${a.status}` },
    ...facts,
    estimateAnswers(a.details),
    a.status === "booked" ? h("span", { class: "row" },
      h("button", { onclick: () => moveAppointment(a) }, t("move")),
      cancelButton(a),
      started ? h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/no-show`, { method: "POST" }); today(); } }, t("mark_no_show")) : null)
      : h("span", { class: "status" }, word("appointment", a.status)));
}

// Someone who has lost the code, at the desk or on the phone, is found by name, phone or code among every
// caseworker's coming appointments (the assistant tells them staff can).
function appointmentFinder() {
  const typed = h("input", { id: "find-appointment", type: "search", autocomplete: "off", value: finding });
  const results = h("ul", { class: "found", "aria-live": "polite" });
  const search = async () => {
    finding = typed.value;
    if (!typed.value.trim()) { results.replaceChildren(); return; }
    const found = await api(`/api/desk/appointments/search?${new URLSearchParams({ q: typed.value })}`);
    results.replaceChildren(...(found.length ? found.map((a) => appointmentRow(a, dayAndTime, true)) : [h("li", {}, t("no_appointment_found"))]));
  };
  if (finding.trim()) search();
  return h("form", { class: "row find", onsubmit: search },
    h("label", { for: "find-appointment" }, t("find_appointment")), typed,
    h("button", { type: "submit" }, t("find")),
    results);
}

// The free times of a service: of one caseworker, or of whoever is free first; the next ones, or all of a day
// (YYYY-MM-DD, the centre's calendar).
async function freeTimes(service, staffId, day = "") {
  const query = { service, limit: day ? 200 : 12, language };
  if (staffId) query.staff_id = staffId;
  if (day) query.after = athensMidnight(day);
  const slots = await api(`/api/slots?${new URLSearchParams(query)}`);
  return day ? slots.filter((slot) => athensDate(slot.starts_at) === day) : slots;
}

// A booking refused takes away the notice of what was done before ("Booked: reference …"), whose code a receptionist
// glancing at the top of the page could give the next citizen (an independent try).
function forgetLastBooking() {
  document.querySelector("#view > p.appointment-done")?.remove();
}

// A time a colleague booked a moment ago: said beside the times, drawn again as they are now (it was "Something went
// wrong" at the top of the page, and the taken time stayed on offer: an independent try). Other failures go on.
async function takenMeanwhile(error, show, times) {
  forgetLastBooking();
  if (error.message !== "slot_taken") throw error;
  await show();
  times.parentElement.querySelector(":scope > .taken")?.remove();
  times.before(h("p", { class: "error taken", role: "alert" }, t("problem_slot_taken")));
  return null;
}

// Moving: the next free times of the same caseworker at first; any day and any caseworker on request.
async function moveAppointment(appointment) {
  const visit = newVisit();
  const view = layout("today", t("choose_new_time"));
  const colleagues = await loadColleagues();
  const dayField = h("input", { id: "move-day", type: "date" });
  const staffField = h("select", { id: "move-staff" }, h("option", { value: "" }, t("any_caseworker")),
    colleagues.map((c) => h("option", { value: c.id, selected: c.id === appointment.staff_id ? "" : false }, c.name)));
  const times = h("div", { class: "row", "aria-live": "polite" });
  let asked = 0;
  const show = async () => {
    const ask = ++asked;
    const slots = await freeTimes(appointment.service, staffField.value, dayField.value);
    // An answer that arrives after a newer choice (a day picked while the first times load) is not shown.
    if (visit !== currentVisit || ask !== asked) return;
    times.replaceChildren(...(slots.length ? slots.map((slot) => h("button", { class: "time", onclick: async () => {
      const moved = await api(`/api/desk/appointments/${appointment.reference}/move`, { method: "POST", body: { starts_at: slot.starts_at, staff_id: slot.staff_id } })
        .catch((error) => takenMeanwhile(error, show, times));
      if (!moved) return;
      const told = howTold(moved);
      showInCalendar(moved);
      today(`${t("moved_reference").replace("{reference}", moved.reference).replace("{when}", time(moved.starts_at)).replace("{name}", who(moved.staff_id))} ${told}`);
    } }, `${slot.day_label} ${slot.time_label}${staffField.value ? "" : ` · ${who(slot.staff_id)}`}`)) : [h("p", {}, t("no_free_times"))]));
  };
  dayField.addEventListener("change", show);
  staffField.addEventListener("change", show);
  // Whose appointment is moved, first, as the receptionist knows the person (an independent try missed it).
  view.append(h("p", {}, sideBySide([appointment.name, appointment.reference, word("service", appointment.service), time(appointment.starts_at)])),
    h("div", { class: "row" }, h("label", { for: "move-day" }, t("day")), dayField, h("label", { for: "move-staff" }, t("caseworker")), staffField,
      h("button", { onclick: () => today() }, t("go_back"))),
    times);
  await show();
}

// The Athens date (YYYY-MM-DD) of an instant.
function athensDate(iso) {
  return instant(iso).toLocaleDateString("sv-SE", { timeZone: CENTRE_TIME_ZONE });
}

// A booking being typed at the desk, kept while the calendar around it is drawn again (another caseworker, day or
// week: an independent try lost the name, the phone and the consent to each look at the calendar); emptied once
// booked, and at each login.
let bookingDraft = {};

async function bookingForm() {
  const [services, colleagues] = await Promise.all([api("/api/services"), loadColleagues()]);
  const service = h("select", { id: "book-service" }, services.map((s) => h("option", { value: s.id }, s.names[language] || s.id)));
  // For whom: anyone free first unless the citizen asks for someone; never silently the calendar's caseworker.
  const bookWith = h("select", { id: "book-staff" }, h("option", { value: "" }, t("any_caseworker")),
    colleagues.map((c) => h("option", { value: c.id }, c.name)));
  // The conversation languages, in the hub's order (multilingual/languages.py), each named in the console's language.
  const citizenLanguage = h("select", { id: "book-language" }, Object.keys(strings[language].words.language).map((code) => h("option", { value: code }, word("language", code))));
  const name = h("input", { id: "book-name", autocomplete: "off" });
  const phone = h("input", { id: "book-phone", autocomplete: "off", inputmode: "tel" });
  const consent = h("input", { id: "book-consent", type: "checkbox" });
  // The day the citizen asks for; empty, the next free times.
  const bookDay = h("input", { id: "book-day", type: "date" });
  // What was typed survives the calendar being drawn again around the form (kept in bookingDraft).
  const fields = { service, bookWith, bookDay, citizenLanguage, name, phone };
  for (const [key, field] of Object.entries(fields)) {
    if (bookingDraft[key] !== undefined) field.value = bookingDraft[key];
    for (const kind of ["input", "change"]) field.addEventListener(kind, () => { bookingDraft[key] = field.value; });
  }
  consent.checked = Boolean(bookingDraft.consent);
  consent.addEventListener("change", () => { bookingDraft.consent = consent.checked; });
  const times = h("div", { class: "row", "aria-live": "polite" });
  let asked = 0;
  // Times listed for another service, caseworker or day are taken away (and any still on their way are not shown):
  // pressed, one booked the newly chosen service at a time found for the other (an independent try).
  for (const field of [service, bookWith, bookDay]) {
    field.addEventListener("change", () => {
      asked += 1;
      delete bookingDraft.timesShown;
      times.replaceChildren();
    });
  }
  const show = async () => {
    const ask = ++asked;
    const slots = await freeTimes(service.value, bookWith.value, bookDay.value);
    if (ask !== asked) return;  // another service, caseworker or day was chosen meanwhile: its times come next
    bookingDraft.timesShown = true;
    if (!slots.length) { times.replaceChildren(h("p", {}, t("no_free_times"))); return; }
    // Not a submit button: pressed, a time also sent the form, whose request for free times could come back after the
    // booking and fill the emptied form with times for nobody (an independent try).
    times.replaceChildren(...slots.map((slot) => h("button", { type: "button", class: "time", onclick: async () => {
      // A name or phone is kept only with the citizen's consent: never dropped without a word.
      if ((name.value.trim() || phone.value.trim()) && !consent.checked) {
        form.querySelector(".error")?.remove();
        forgetLastBooking();
        times.before(h("p", { class: "error", role: "alert" }, t("consent_needed")));
        return;
      }
      const body = { service: service.value, starts_at: slot.starts_at, staff_id: slot.staff_id, language: citizenLanguage.value, consent: consent.checked };
      if (consent.checked) { body.name = name.value || null; body.phone = phone.value || null; }
      const booked = await api("/api/desk/appointments", { method: "POST", body }).catch((error) => takenMeanwhile(error, show, times));
      if (!booked) return;
      bookingDraft = {};  // the next citizen's form starts empty
      showInCalendar(booked);
      // Which service, too: the form may have been changed since the times were listed (an independent try).
      today(t("booked_reference").replace("{service}", word("service", booked.service)).replace("{reference}", booked.reference).replace("{when}", time(booked.starts_at)).replace("{name}", who(booked.staff_id)));
    } }, `${slot.day_label} ${slot.time_label} · ${who(slot.staff_id)}`)));
  };
  const form = h("form", { class: "booking", onsubmit: show },
    h("h3", {}, t("book")),
    h("label", { for: "book-service" }, t("service")), service,
    h("label", { for: "book-staff" }, t("caseworker")), bookWith,
    h("label", { for: "book-day" }, t("day")), bookDay,
    h("label", { for: "book-language" }, t("citizen_language")), citizenLanguage,
    h("label", { for: "book-name" }, t("name")), name,
    h("label", { for: "book-phone" }, t("phone")), phone,
    h("span", { class: "row" }, consent, h("label", { for: "book-consent" }, t("consent_given"))),
    h("button", { type: "submit" }, t("free_times")), times);
  if (bookingDraft.timesShown) show();
  return form;
}

// Knowledge review, reports, administration

async function knowledge() {
  newVisit();
  const view = layout("knowledge", t("nav_knowledge"));
  const entries = await api("/api/knowledge/review");
  const heading = ["topic", "checked", "review_by", "status", "review_languages"].map((key) => h("th", { scope: "col" }, t(key)));
  const date = (iso) => day(`${iso}T12:00:00Z`);
  view.append(h("table", { class: "knowledge" }, h("thead", {}, h("tr", {}, heading)), h("tbody", {}, entries.map((e) => h("tr", { class: e.stale ? "stale" : "" },
    h("td", {}, word("topic", e.id)), h("td", {}, date(e.checked)), h("td", {}, date(e.review_by)),
    h("td", {}, e.stale ? t("stale") : t("up_to_date")),
    h("td", {}, Object.entries(e.review_status).map(([code, status]) => `${word("language", code)}: ${word("review", status)}`).join(" · ")))))));
}

// The month's indicators, grouped and labelled as a municipality's report puts them; every code a word. The CSV
// keeps the stable keys ("visits.by_language.ar") for spreadsheets.
const REPORT_GROUPS = ["visits", "conversations", "handoffs", "appointments"];
// What the codes of each breakdown are; a visit's reason is a service, a programme or "information".
const BREAKDOWNS = { by_kind: "visit_kind", by_language: "language", by_channel: "channel", booked_by_service: "service",
  booked_by_language: "language", booked_by_channel: "channel" };

function reasonWord(group, code) {
  if (group === "handoffs") return word("reason", code);
  return strings[language].words.walk_in_reason[code] ?? strings[language].words.topic[code] ?? word("service", code);
}

async function reports(chosen = null) {
  newVisit();
  const view = layout("reports", t("nav_reports"));
  // This month by default; any earlier one on request (from the menu the argument is the click, not a month).
  const month = typeof chosen === "string" ? chosen : new Date().toLocaleDateString("sv-SE", { timeZone: CENTRE_TIME_ZONE }).slice(0, 7);
  redraw = () => reports(month);
  const report = await api(`/api/reports/monthly?month=${month}`);
  const label = (key) => t("report_labels")[key] ?? key;
  const number = (value) => (value === null || value === undefined ? "—" : value.toLocaleString(locale()));
  const group = (name, figures, extra = []) => {
    const rows = [];
    for (const [key, value] of [...Object.entries(figures), ...extra]) {
      if (value && typeof value === "object") {
        rows.push(h("tr", {}, h("th", { scope: "row", colspan: "2" }, label(key))));
        const codeWord = (code) => (key === "by_reason" ? reasonWord(name, code) : word(BREAKDOWNS[key], code));
        const entries = Object.entries(value).sort(([, a], [, b]) => b - a);
        for (const [code, count] of entries) rows.push(h("tr", { class: "breakdown" }, h("td", {}, codeWord(code)), h("td", { class: "figure" }, number(count))));
      } else {
        rows.push(h("tr", {}, h("th", { scope: "row" }, label(key)), h("td", { class: "figure" }, number(value))));
      }
    }
    return h("section", {}, h("h2", {}, t("report_groups")[name]), h("table", {}, h("tbody", {}, rows)));
  };
  const picker = h("input", { id: "report-month", type: "month", value: month });
  picker.addEventListener("change", () => { if (picker.value) reports(picker.value); });
  view.append(h("div", { class: "report" },
    h("p", {}, `${new Date(`${month}-15`).toLocaleDateString(locale(), { month: "long", year: "numeric" })} `,
      h("a", { href: `/api/reports/monthly?month=${month}&format=csv` }, t("download_csv"))),
    h("p", { class: "row" }, h("label", { for: "report-month" }, t("month")), picker),
    REPORT_GROUPS.map((name) => group(name, report[name], name === "appointments" ? [["waiting_list", report.waiting_list]] : []))));
}

// Teach the assistant: the messages it most likely got wrong, masked by the hub, likeliest first. A verdict takes
// the card away and puts the next one's first choice under the reviewer's hand: fifty messages in a sitting.
async function teach(chosen = null) {
  const visit = newVisit();
  const view = layout("teach", t("nav_teach"));
  const shown = typeof chosen === "string" ? chosen : sessionStorage.getItem("teach-language") || "";
  const picker = h("select", { id: "teach-language" }, h("option", { value: "" }, t("all_languages")),
    Object.keys(strings[language].words.language).map((code) => h("option", { value: code, selected: code === shown ? "" : false }, word("language", code))));
  picker.addEventListener("change", () => { sessionStorage.setItem("teach-language", picker.value); teach(picker.value); });
  // What was just saved, with Undo, at the top of the next card, in the flow of the page: stuck to the top of the
  // screen it covered the next card's start, and fixed in a corner its buttons.
  const status = h("p", { role: "status", class: "teach-status" });
  const left = h("p", { class: "meta", "aria-live": "polite" });
  const top = h("p", { class: "row" }, h("label", { for: "teach-language" }, t("teach_language")), picker);
  if (me.role === "admin") {
    // At the top, where an administrator sees it without scrolling past fifty cards and two tables.
    const said = h("span", { role: "status" });
    top.append(h("button", { class: "push-right", onclick: async () => {
      await api("/api/learning/runs", { method: "POST" });
      said.textContent = t("learn_started");
    } }, t("learn_now")), said);
  }
  view.append(h("p", {}, t("teach_intro")), top, left, status);
  const items = await api(`/api/learning/review${shown ? `?language=${shown}` : ""}`);
  if (visit !== currentVisit) return;
  const list = h("ol", { class: "teach" });
  const empty = h("p", { class: "notice" }, t("teach_empty"));
  const gaps = h("section", { "aria-labelledby": "gaps-title" });
  const topics = h("datalist", { id: "known-topics" });
  const showGaps = async () => {
    const report = await contentGaps(visit);
    gaps.replaceChildren(...report.parts);
    // People type without accents: each topic is offered under its accentless spelling too, which the hub saves
    // as the topic itself.
    const plain = (topic) => topic.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    topics.replaceChildren(...report.topics.flatMap((topic) => [
      h("option", { value: topic }),
      plain(topic) === topic ? null : h("option", { value: plain(topic), label: topic }),
    ].filter(Boolean)));
  };
  const count = () => { left.textContent = t("teach_left").replace("{count}", list.children.length); };
  const focusOn = (card) => {
    if (card) card.prepend(status); else list.before(status);
    status.scrollIntoView({ block: "nearest" });
    card?.querySelector("select")?.focus({ preventScroll: true });
    card?.scrollIntoView({ block: "nearest" });
  };
  const done = (card, verdict) => {
    const next = card.nextElementSibling;
    card.remove();
    // The last verdict can be taken back until the next one: a card set aside by mistake is otherwise gone.
    const undo = h("button", { type: "button", onclick: async () => {
      await api(`/api/learning/review/${card.dataset.message}`, { method: "DELETE" });
      if (!list.isConnected) empty.replaceWith(list);
      list.insertBefore(card, next?.isConnected ? next : null);
      status.replaceChildren(t("teach_undone"));
      count();
      focusOn(card);
      if (verdict === "new_topic") showGaps();
    } }, t("teach_undo"));
    status.replaceChildren(`${t("teach_saved")} ${t(`teach_verdict_${verdict}`)}: «`, h("bdi", {}, card.dataset.text), "» ", undo);
    if (verdict === "new_topic") showGaps();
    count();
    if (!list.children.length) { list.replaceWith(empty); empty.before(status); }
    else focusOn(next ?? list.lastElementChild);
  };
  // "Later": to the end of the list, for a card that needs a colleague or a second look.
  const later = (card) => {
    const next = card.nextElementSibling;
    list.append(card);
    if (next) focusOn(next);
  };
  for (const item of items) list.append(teachCard(item, done, later));
  count();
  view.append(topics, items.length ? list : empty, gaps);
  list.querySelector("select")?.focus();
  // The reports below the list: the messages come first, whatever happens to these.
  const [, runs] = await Promise.all([showGaps(), learningRuns(visit)]);
  view.append(...runs);
}

// The content gap report: what people ask that the assistant has no answer for, as reviewers named it.
// Returns the section's parts and the topics noted so far (a new topic's note offers them).
async function contentGaps(visit) {
  const report = await api("/api/learning/gaps");
  if (visit !== currentVisit) return { parts: [], topics: [] };
  const parts = [h("h2", { id: "gaps-title" }, t("gaps_title"))];
  const heading = ["gap_topic", "gap_times", "gap_languages", "gap_last", "gap_examples"].map((key) => h("th", { scope: "col" }, t(key)));
  parts.push(report.topics.length
    ? h("table", { class: "runs" }, h("thead", {}, h("tr", {}, heading)), h("tbody", {}, report.topics.map((gap) => h("tr", {},
      h("td", {}, gap.topic), h("td", { class: "figure" }, String(gap.count)), h("td", {}, gap.languages.map((code) => word("language", code)).join(", ")),
      h("td", {}, day(gap.last)), h("td", {}, gap.examples.map((text) => h("div", { dir: "auto" }, text)))))))
    : h("p", {}, t("gaps_none")));
  const waiting = Object.entries(report.out_of_scope_unreviewed);
  if (waiting.length) parts.push(h("p", {}, `${t("gaps_unreviewed")}: ${waiting.map(([code, n]) => `${word("language", code)} ${n}`).join(" · ")}`));
  return { parts, topics: report.topics.map((gap) => gap.topic) };
}

// What the last learning runs did: before → after per language on the test messages, and whether it is in use.
async function learningRuns(visit) {
  const runs = await api("/api/learning/runs");
  if (visit !== currentVisit) return [];
  const percent = (value) => (value === null || value === undefined ? "—" : `${Math.round(value * 100)}%`);
  const figures = (run) => Object.entries(run.before).map(([code, before]) => {
    const after = run.after[code] ?? {};
    return h("div", {}, `${word("language", code)}: ${t("run_intent")} ${percent(before.intent)} → ${percent(after.intent)}, `
      + `${t("run_programme")} ${percent(before.programme)} → ${percent(after.programme)}`);
  });
  const result = (run) => {
    if (run.served) return t(run.reason === "served_at_next_start" ? "run_served_at_next_start" : "run_served");
    const fallen = [...new Set(run.dropped.map(([code]) => word("language", code)))].join(", ");
    return t(`run_${run.reason}`).replace("{languages}", fallen);
  };
  const counts = (run) => Object.entries(run.new_examples).map(([code, n]) => `${word("language", code)}: ${n}`).join(" · ") || "—";
  const heading = ["run_when", "run_new_examples", "run_figures", "run_result"].map((key) => h("th", { scope: "col" }, t(key)));
  const parts = [h("h2", {}, t("learning_runs"))];
  parts.push(runs.length
    ? h("table", { class: "runs" }, h("thead", {}, h("tr", {}, heading)), h("tbody", {}, runs.map((run) => h("tr", { class: run.served ? "" : "refused" },
      h("td", {}, time(run.finished_at)), h("td", {}, counts(run)), h("td", {}, figures(run)), h("td", {}, result(run))))))
    : h("p", {}, t("learning_none")));
  return parts;
}

function teachCard(item, done, later) {
  const id = item.message_id;
  const options = (kind, chosen, none = null) => [
    none === null ? null : h("option", { value: "" }, none),
    ...Object.entries(strings[language].words[kind]).map(([code, label]) => h("option", { value: code, selected: code === chosen ? "" : false }, label)),
  ];
  const intent = h("select", { id: `intent-${id}` }, options("intent", item.intent));
  const programme = h("select", { id: `programme-${id}` }, options("topic", item.programme, t("no_programme")));
  // The language the assistant heard in this very message, rather than the conversation's: people switch.
  const spoken = h("select", { id: `language-${id}` }, options("language", item.language_guess || item.language));
  let card = null;
  const send = async (verdict, extra = {}) => {
    await api(`/api/learning/review/${id}`, { method: "POST", body: { verdict, ...extra } });
    done(card, verdict);
  };
  const note = h("input", { id: `note-${id}`, type: "text", list: "known-topics", maxlength: "2000", autocomplete: "off" });
  const topic = h("form", { class: "teach-topic", hidden: "", onsubmit: () => send("new_topic", { note: note.value, language: spoken.value }) },
    h("label", { for: `note-${id}` }, t("teach_topic_note")), note, h("button", { type: "submit" }, t("teach_save_topic")));
  const guess = [
    `${t("assistant_guess")}: ${word("intent", item.intent)}`,
    item.programme ? ` · ${word("topic", item.programme)}` : "",
    ` (${t("certainty").replace("{percent}", Math.round(item.confidence * 100))}`,
    item.language_guess && item.language_guess !== item.language ? `, ${t("heard_as").replace("{language}", word("language", item.language_guess))})` : ")",
    item.fallback ? `. ${t("assistant_gave_up")}` : "",
  ].join("");
  // What was said around it, as written (masked by the hub): a follow-up means nothing without its question.
  const said = (sender, text) => h("p", { class: "said" }, h("span", { class: "meta" }, `${t(`sender_${sender}`)}: `), h("span", { dir: "auto" }, isolated(text)));
  const before = item.before.length ? h("div", { class: "teach-context" }, h("p", { class: "meta" }, t("teach_before")),
    item.before.map((message) => said(message.sender, message.text))) : null;
  const after = [
    item.next_text !== null ? h("div", { class: "teach-context" }, h("p", { class: "meta" }, t("then_wrote")), said("citizen", item.next_text)) : null,
    ["asked_for_person", "passed_to_staff", "left"].includes(item.then) ? h("p", { class: "meta" }, t(`then_${item.then}`)) : null,
  ];
  card = h("li", { class: "teach-card", "data-message": id, "data-text": item.text },
    before,
    h("blockquote", { class: "citizen-text", dir: "auto", lang: item.language_guess || item.language }, item.text),
    h("p", { class: "meta" }, `${word("language", item.language_guess || item.language)} · ${time(item.written_at)}`),
    after,
    h("p", {}, guess),
    h("form", { class: "teach-form", onsubmit: () => send("example", { intent: intent.value, programme: programme.value || null, language: spoken.value }) },
      h("label", { for: `intent-${id}` }, t("person_wanted")), intent,
      h("label", { for: `programme-${id}` }, t("programme")), programme,
      h("label", { for: `language-${id}` }, t("message_language")), spoken,
      h("div", { class: "row" },
        h("button", { class: "primary", type: "submit" }, t("teach_save")),
        h("button", { type: "button", onclick: () => { topic.hidden = false; note.focus(); } }, t("teach_new_topic")),
        h("button", { type: "button", onclick: () => send("not_a_question") }, t("teach_not_a_question")),
        h("button", { type: "button", onclick: () => send("discard") }, t("teach_discard")),
        h("button", { type: "button", onclick: () => later(card) }, t("teach_later")))),
    topic);
  return card;
}

// A date picked in a form (YYYY-MM-DD) at midnight in Athens, as an instant the hub understands.
function athensMidnight(date) {
  const guess = new Date(`${date}T00:00:00Z`);
  const wall = new Date(`${guess.toLocaleString("sv-SE", { timeZone: CENTRE_TIME_ZONE }).replace(" ", "T")}Z`);
  return new Date(guess.getTime() - (wall.getTime() - guess.getTime())).toISOString();
}

function day(iso) {
  return new Date(iso).toLocaleDateString(locale(), { dateStyle: "medium", timeZone: CENTRE_TIME_ZONE });
}

// "4 Dec 2026" for one day, "4 Dec 2026 – 8 Dec 2026" for several.
function days(first, last) {
  return day(first) === day(last) ? day(first) : `${day(first)} – ${day(last)}`;
}

async function admin(notice = null) {
  newVisit();
  const view = layout("admin", t("nav_admin"));
  const [accounts, services, timeOff] = await Promise.all(
    ["/api/staff/accounts", "/api/services?retired=true", "/api/time-off"].map((path) => api(path)));
  const nameOf = (id) => accounts.find((a) => a.id === id)?.name ?? "—";
  // From the menu the argument is the click itself, not a notice.
  // Kept in view at the top while the administrator scrolls: "Saved." where they are, not far above the form.
  const status = h("p", { role: "status", class: "sticky-status" }, typeof notice === "string" ? notice : "");
  // A reviewer sees no citizen and takes no appointment: no leave, no services, no working plan.
  const caseworkers = accounts.filter((a) => a.role !== "reviewer");
  view.append(status, ...adminAccounts(accounts), ...adminTimeOff(caseworkers, timeOff, nameOf), ...adminServices(caseworkers, services),
    ...adminAudit(accounts, nameOf));
}

function adminAccounts(accounts) {
  const email = h("input", { id: "new-email", type: "email", autocomplete: "off" });
  const name = h("input", { id: "new-name", autocomplete: "off" });
  const role = h("select", { id: "new-role" }, h("option", { value: "caseworker" }, t("role_caseworker")), h("option", { value: "admin" }, t("role_admin")), h("option", { value: "reviewer" }, t("role_reviewer")));
  const password = h("input", { id: "new-password", type: "password", autocomplete: "new-password" });
  const change = (account, body, notice = null) => async () => {
    await api(`/api/staff/accounts/${account.id}`, { method: "PATCH", body });
    admin(notice);
  };
  // A new password is typed under the account's row, never shown again.
  const passwordRow = (account, row) => {
    document.getElementById("password-row")?.remove();
    const field = h("input", { id: "password-for", type: "password", autocomplete: "new-password" });
    row.after(h("tr", { id: "password-row" }, h("td", { colspan: "5" }, h("div", { class: "row" },
      h("label", { for: "password-for" }, `${t("new_password")} (${account.name})`), field,
      h("button", { class: "primary", onclick: () => change(account, { password: field.value }, t("password_set"))() }, t("save_password"))))));
    field.focus();
  };
  const heading = ["name", "email", "role", "active", "actions"].map((key) => h("th", { scope: "col" }, t(key)));
  return [
    h("h2", {}, t("accounts")),
    h("table", { class: "accounts" }, h("thead", {}, h("tr", {}, heading)), h("tbody", {}, accounts.map((a) => {
      const row = h("tr", {},
        h("td", {}, a.name), h("td", {}, a.email), h("td", {}, t(`role_${a.role}`)), h("td", {}, a.active ? t("active") : t("inactive")),
        h("td", { class: "row" },
          a.role === "reviewer" ? null : h("button", { onclick: () => workingPlan(a) }, t("working_plan")),
          h("button", { onclick: () => passwordRow(a, row) }, t("set_password")),
          a.id === me.id ? null : h("button", { onclick: change(a, { active: !a.active }) }, t(a.active ? "deactivate" : "reactivate"))));
      return row;
    }))),
    h("form", { class: "stack", onsubmit: async () => {
      await api("/api/staff/accounts", { method: "POST", body: { email: email.value, name: name.value, role: role.value, password: password.value } });
      admin(t("account_created"));
    } },
      h("h3", {}, t("create_account")),
      h("label", { for: "new-email" }, t("email")), email,
      h("label", { for: "new-name" }, t("name")), name,
      h("label", { for: "new-role" }, t("role")), role,
      h("label", { for: "new-password" }, t("new_password")), password,
      h("button", { class: "primary", type: "submit" }, t("create_account"))),
  ];
}

// Leave of a colleague, or a closure of the whole centre: whole days, from the first to the last inclusive.
function adminTimeOff(accounts, timeOff, nameOf) {
  // A colleague's leave first; closing the whole centre is the last choice, never the one a slip makes.
  const who = h("select", { id: "leave-who" }, accounts.filter((a) => a.active).map((a) => h("option", { value: a.id }, a.name)),
    h("option", { value: "" }, t("whole_centre")));
  const from = h("input", { id: "leave-from", type: "date" });
  const to = h("input", { id: "leave-to", type: "date" });
  const reason = h("input", { id: "leave-reason", maxlength: "200" });
  const lastDay = (iso) => new Date(new Date(iso).getTime() - 1).toISOString();
  return [
    h("h2", {}, t("time_off")),
    timeOff.length ? h("ul", { class: "time-off" }, timeOff.map((entry) => h("li", { class: "row" },
      h("span", {}, `${entry.staff_id ? nameOf(entry.staff_id) : t("whole_centre")} · ${days(entry.starts_at, lastDay(entry.ends_at))}${entry.reason ? ` · ${entry.reason}` : ""}`),
      h("button", { onclick: async () => { await api(`/api/time-off/${entry.id}`, { method: "DELETE" }); admin(); } }, t("remove")))))
      : h("p", { class: "time-off" }, t("no_time_off")),
    h("form", { class: "stack", onsubmit: async (event) => {
      if (!from.value || !to.value) return;
      const following = new Date(`${to.value}T12:00:00Z`);
      following.setUTCDate(following.getUTCDate() + 1);
      const body = { staff_id: who.value ? Number(who.value) : null, starts_at: athensMidnight(from.value),
        ends_at: athensMidnight(following.toISOString().slice(0, 10)), reason: reason.value };
      const record = async (bookings) => {
        await api("/api/time-off", { method: "POST", body: { ...body, bookings } });
        admin(t("saved"));
      };
      // Appointments in the way are shown first: cancelled with a word to each citizen, or kept to be moved by hand.
      const query = { starts_at: body.starts_at, ends_at: body.ends_at, ...(body.staff_id ? { staff_id: body.staff_id } : {}) };
      const affected = await api(`/api/time-off/bookings?${new URLSearchParams(query)}`);
      if (!affected.length) { await record(null); return; }
      event.target.querySelector(".affected")?.remove();
      event.target.append(h("div", { class: "affected confirm", role: "alert" },
        h("p", {}, t("affected_bookings").replace("{count}", affected.length)),
        h("ul", {}, affected.map((a) => h("li", {}, [time(a.starts_at), a.reference, word("service", a.service), nameOf(a.staff_id),
          a.can_be_told ? null : `${t("cannot_be_told")}${a.phone ? `: ${a.phone}` : ` (${t("no_phone")})`}`].filter(Boolean).join(" · ")))),
        h("div", { class: "row" },
          h("button", { type: "button", onclick: () => record("cancel") }, t("cancel_and_tell")),
          h("button", { type: "button", onclick: () => record("keep") }, t("keep_bookings")),
          h("button", { type: "button", onclick: () => event.target.querySelector(".affected")?.remove() }, t("go_back")))));
    } },
      h("label", { for: "leave-who" }, t("leave_who")), who,
      h("label", { for: "leave-from" }, t("leave_from")), from,
      h("label", { for: "leave-to" }, t("leave_to")), to,
      h("label", { for: "leave-reason" }, t("leave_reason")), reason,
      h("button", { class: "primary", type: "submit" }, t("add_leave"))),
  ];
}

// Whether each service is offered, and who provides it, saved for all at once (a new centre offers the services of
// its file; the day it has a Roma mediator, that one is switched on here).
function adminServices(accounts, services) {
  const offers = services.map((service) => h("input", { type: "checkbox", id: `offered-${service.id}`, checked: service.active ? "" : false }));
  const boxes = services.map((service) => accounts.filter((a) => a.active).map((a) => {
    const box = h("input", { type: "checkbox", id: `provider-${service.id}-${a.id}`, checked: service.staff_ids.includes(a.id) ? "" : false });
    box.dataset.staff = a.id;
    // Ticked but without working hours: nobody can book them, which the administrator must see.
    const unplanned = service.staff_without_hours.includes(a.id) ? h("small", { class: "error" }, ` (${t("no_working_plan")})`) : null;
    return h("span", { class: "row" }, box, h("label", { for: box.id }, a.name, unplanned));
  }));
  const heading = ["service", "service_offered", "service_length", "providers"].map((key) => h("th", { scope: "col" }, t(key)));
  return [
    h("h2", {}, t("services")),
    h("table", { class: "services" }, h("thead", {}, h("tr", {}, heading)), h("tbody", {}, services.map((service, index) => h("tr", {},
      h("td", {}, service.names[language] || service.id),
      h("td", {}, h("span", { class: "row" }, offers[index], h("label", { for: offers[index].id }, t("offered_to_citizens")))),
      h("td", {}, (service.buffer_minutes ? t("length_words") : t("length_no_pause")).replace("{minutes}", service.duration_minutes).replace("{pause}", service.buffer_minutes)),
      h("td", {}, boxes[index]))))),
    h("button", { class: "primary", onclick: async () => {
      for (const [index, service] of services.entries()) {
        const staff_ids = boxes[index].map((b) => b.querySelector("input")).filter((b) => b.checked).map((b) => Number(b.dataset.staff));
        const active = offers[index].checked;
        const unchanged = active === service.active
          && staff_ids.length === service.staff_ids.filter((id) => accounts.some((a) => a.active && a.id === id)).length
          && staff_ids.every((id) => service.staff_ids.includes(id));
        if (unchanged) continue;  // one entry in the audit log per service changed, not one per service
        await api(`/api/services/${service.id}`, { method: "PUT", body: { duration_minutes: service.duration_minutes, buffer_minutes: service.buffer_minutes, names: service.names, active, staff_ids } });
      }
      admin(t("saved"));
    } }, t("save_services")),
  ];
}

// What staff did, newest first, in words: "Claimed a conversation", "Conversation #12"; of one person or one kind
// of action on request, 200 at a time.
function adminAudit(accounts, nameOf) {
  // What a reviewer chose, in words: "Learn this: Wants to cancel, move or ask about an appointment, Romani".
  const verdict = (entry) => {
    if (entry.action !== "learning_reviewed" || !entry.detail) return null;
    const [chosen, rest = ""] = entry.detail.split(/: (.*)/s);
    const named = chosen === "example"
      ? rest.split(", ").map((code) => ["intent", "topic", "language"].map((kind) => strings[language].words[kind]?.[code]).find(Boolean) ?? code)
      : rest ? [rest] : [];
    return h("div", { class: "meta", dir: "auto" }, `${t(`teach_verdict_${chosen}`)}${named.length ? `: ${named.join(", ")}` : ""}`);
  };
  const concerning = (target) => {
    const [kind, id] = (target || "").split(":");
    if (kind === "staff") return nameOf(Number(id));
    if (kind === "handoff") return t("audit_conversation").replace("{id}", id);
    if (kind === "appointment") return t("audit_appointment").replace("{reference}", id);
    if (kind === "time_off") return t("audit_time_off").replace("{id}", id);
    if (kind === "service") return word("service", id);
    if (kind === "visit") return t("audit_visit").replace("{id}", id);
    if (kind === "ticket") return t("audit_ticket").replace("{number}", id);
    if (kind === "day") return day(`${id}T12:00:00Z`);
    if (kind === "month") return id;
    if (kind === "message") return t("audit_message").replace("{id}", id);
    if (kind === "language") return id === "all" ? t("all_languages") : word("language", id);
    return "—";
  };
  const heading = ["audit_when", "audit_who", "audit_what", "audit_concerning"].map((key) => h("th", { scope: "col" }, t(key)));
  const person = h("select", { id: "audit-who" }, h("option", { value: "" }, t("everyone")), accounts.map((a) => h("option", { value: a.id }, a.name)));
  const action = h("select", { id: "audit-what" }, h("option", { value: "" }, t("every_action")),
    Object.entries(t("audit_actions")).map(([code, words]) => h("option", { value: code }, words)));
  const rows = h("tbody", {});
  const older = h("button", { hidden: "" }, t("older"));
  let oldest = null;
  const load = async (more) => {
    const query = { ...(person.value ? { staff_id: person.value } : {}), ...(action.value ? { action: action.value } : {}),
      ...(more && oldest ? { before: oldest } : {}) };
    const entries = await api(`/api/staff/audit?${new URLSearchParams(query)}`);
    const drawn = entries.map((entry) => h("tr", {},
      h("td", {}, time(entry.at)), h("td", {}, entry.staff_id ? nameOf(entry.staff_id) : "—"),
      h("td", {}, t("audit_actions")[entry.action] ?? entry.action, verdict(entry)), h("td", {}, concerning(entry.target))));
    if (more) rows.append(...drawn); else rows.replaceChildren(...drawn);
    oldest = entries.length ? entries[entries.length - 1].id : oldest;
    older.hidden = entries.length < 200;
  };
  person.addEventListener("change", () => load(false));
  action.addEventListener("change", () => load(false));
  older.addEventListener("click", () => load(true));
  load(false);
  return [
    h("h2", {}, t("audit")),
    h("div", { class: "row" }, h("label", { for: "audit-who" }, t("audit_who")), person, h("label", { for: "audit-what" }, t("audit_what")), action),
    h("table", { class: "audit" }, h("thead", {}, h("tr", {}, heading)), rows),
    older,
  ];
}

async function workingPlan(account) {
  newVisit();
  const view = layout("admin", `${t("working_plan")}: ${account.name}`);
  const plan = await api(`/api/staff/accounts/${account.id}/working-plan`);
  const rows = t("weekdays").map((dayName, weekday) => {
    const hours = plan.hours.find((span) => span.weekday === weekday);
    const pause = plan.breaks.find((span) => span.weekday === weekday);
    const field = (id, value) => h("input", { id: `${id}-${weekday}`, type: "time", value: value ? value.slice(0, 5) : "" });
    return { weekday, dayName, start: field("start", hours?.start), end: field("end", hours?.end), breakStart: field("break-start", pause?.start), breakEnd: field("break-end", pause?.end) };
  });
  const status = h("p", { role: "status" });
  view.append(h("form", { onsubmit: async () => {
    const spans = (from, to) => rows.filter((r) => r[from].value && r[to].value).map((r) => ({ weekday: r.weekday, start: r[from].value, end: r[to].value }));
    await api(`/api/staff/accounts/${account.id}/working-plan`, { method: "PUT", body: { hours: spans("start", "end"), breaks: spans("breakStart", "breakEnd") } });
    status.textContent = t("saved");
  } },
    h("table", {}, h("tbody", {}, rows.map((r) => h("tr", {},
      h("th", { scope: "row" }, r.dayName),
      h("td", {}, h("label", { for: r.start.id }, t("start")), r.start),
      h("td", {}, h("label", { for: r.end.id }, t("end")), r.end),
      h("td", {}, h("label", { for: r.breakStart.id }, t("break_start")), r.breakStart),
      h("td", {}, h("label", { for: r.breakEnd.id }, t("break_end")), r.breakEnd))))),
    h("button", { class: "primary", type: "submit" }, t("save")), status));
}

strings = await fetch("/api/console/strings").then((response) => response.json());
serviceNames = Object.fromEntries((await fetch("/api/services?retired=true").then((response) => response.json())).map((s) => [s.id, s.names]));
document.documentElement.lang = language;
try {
  me = await api("/api/staff/me");
  route();
} catch {
  login();
}
