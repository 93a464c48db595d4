// The staff console. Every string comes from the catalogs (/api/console/strings, Greek or English); citizen text is
// only ever set as text. The queue and the front desk update live from the hub's event streams.

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

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "onclick") element.addEventListener("click", value);
    else if (name === "onsubmit") element.addEventListener("submit", (event) => { event.preventDefault(); value(event); });
    else if (name === "class") element.className = value;
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return element;
}

// What went wrong, in words, at the top of the screen: every action's failure reaches here (an action is an async
// click handler; what it throws is an unhandled rejection).
const PROBLEMS = { already_claimed: "problem_already_claimed", not_assigned_to_you: "problem_not_assigned", not_sent: "problem_not_sent",
  not_your_conversation: "problem_not_assigned", not_yet: "problem_not_yet", invalid_request: "problem_invalid" };

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
    const ended = me !== null;
    me = null;
    login(ended ? t("session_expired") : null);
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

function time(iso) {
  return instant(iso).toLocaleString(locale(), { dateStyle: "short", timeStyle: "short", timeZone: CENTRE_TIME_ZONE, hourCycle: "h23" });
}

// How long someone has waited: "12 min", "1 h 5 min".
function waited(iso) {
  const minutes = Math.max(0, Math.floor((Date.now() - instant(iso).getTime()) / 60000));
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

function layout(view, title) {
  const nav = [["queue", queue], ["today", today], ["knowledge", knowledge], ["reports", reports]];
  if (me.role === "admin") nav.push(["admin", admin]);
  root.replaceChildren(
    h("header", { class: "top" },
      h("strong", {}, t("title")),
      h("nav", { "aria-label": t("title") }, nav.map(([key, show]) =>
        h("button", { class: "link", "aria-current": key === view ? "page" : false, onclick: show }, t(`nav_${key}`)))),
      h("span", { class: "who" }, me.name),
      h("button", { class: "link", onclick: switchLanguage }, language === "el" ? "English" : "Ελληνικά"),
      h("button", { class: "link", onclick: logout }, t("log_out"))),
    h("main", { class: "page" }, h("h1", {}, title), h("div", { id: "view" })));
  return document.getElementById("view");
}

function switchLanguage() {
  language = language === "el" ? "en" : "el";
  localStorage.setItem("console-language", language);
  document.documentElement.lang = language;
  queue();
}

// Login

function login(message = null) {
  newVisit();
  const email = h("input", { id: "email", type: "email", autocomplete: "username", required: "" });
  const password = h("input", { id: "password", type: "password", autocomplete: "current-password", required: "" });
  root.replaceChildren(h("main", { class: "login" },
    h("h1", {}, t("title")),
    message ? h("p", { class: "error", role: "alert" }, message) : null,
    h("form", { onsubmit: async () => {
      const response = await fetch("/api/staff/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: email.value, password: password.value }) });
      if (!response.ok) { login(t("login_failed")); return; }
      me = await response.json();
      queue();
    } },
      h("label", { for: "email" }, t("email")), email,
      h("label", { for: "password" }, t("password")), password,
      h("button", { class: "primary", type: "submit" }, t("log_in")))));
}

async function logout() {
  await api("/api/staff/logout", { method: "POST" }).catch(() => {});
  me = null;
  login();
}

// The queue, live

async function queue() {
  const visit = newVisit();
  const view = layout("queue", t("nav_queue"));
  // A table: each column a fact in words, the waiting time in minutes, urgent rows marked and first.
  const rows = h("tbody", {});
  const list = h("table", { class: "queue", "aria-live": "polite" },
    h("thead", {}, h("tr", {}, ["urgency", "language", "topic", "channel", "status", "waiting"].map((key) => h("th", { scope: "col" }, t(key))),
      h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("open"))))),
    rows);
  view.append(list);
  const draw = async () => {
    const open = (await api("/api/handoffs")).filter((handoff) => handoff.status !== "resolved");
    if (!open.length) { rows.replaceChildren(h("tr", {}, h("td", { colspan: "7" }, t("queue_empty")))); return; }
    rows.replaceChildren(...open.map((handoff) => h("tr", { class: handoff.urgent ? "urgent" : "" },
      h("td", {}, handoff.urgent ? h("span", { class: "badge" }, handoff.danger ? dangerLabel(handoff.danger) : t("urgent")) : null),
      h("td", {}, word("language", handoff.language)),
      h("td", {}, handoff.citizen_left ? t("citizen_left_short") : (handoff.topic ? word("topic", handoff.topic) : word("reason", handoff.reason))),
      h("td", {}, word("channel", handoff.channel)),
      h("td", {}, t(`status_${handoff.status}`)),
      h("td", { title: t("waiting_since").replace("{time}", time(handoff.created_at)) }, waited(handoff.created_at)),
      h("td", {}, h("button", { class: "entry", onclick: () => conversation(handoff.id) }, t("open"))))));
  };
  // Conversations in which the assistant saw possible danger but nobody has taken over: a caseworker may look in.
  const checks = h("section", { class: "danger-checks", "aria-live": "polite" });
  list.after(checks);  // below the queue: the people waiting for staff come first
  const drawChecks = async () => {
    // Not those who answered that nobody is in danger: they said so, and can ask for a person at any time.
    const live = (await api("/api/handoffs/live?minutes=1440")).filter((c) => c.danger && c.state === "bot" && c.danger_answer !== "no");
    checks.replaceChildren(...(live.length ? [h("h2", {}, t("danger_checks")), h("ul", { class: "queue" }, live.map((c) =>
      h("li", { class: c.danger_answer === "yes" ? "urgent" : "" },
        h("span", { class: "badge" }, dangerLabel(c.danger)),
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
  follow(visit, "/api/handoffs/events", draw);
  const timer = setInterval(() => { if (visit === currentVisit) drawChecks(); else clearInterval(timer); }, 30000);
}

// "possible:suicide" → "Possible danger: suicide or self-harm"
function dangerLabel(danger) {
  const [level, kind] = danger.split(":");
  return t(level === "clear" ? "danger_clear" : "danger_possible").replace("{kind}", t(`danger_${kind}`));
}

// Server-sent events with the session cookie, for as long as the visit lasts; the callback runs on each event.
function follow(visit, path, onEvent) {
  if (visit !== currentVisit) return;
  const controller = new AbortController();
  liveStream = controller;
  fetch(path, { credentials: "same-origin", signal: controller.signal }).then(async (response) => {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const events = buffer.split("\n\n");
      buffer = events.pop();
      for (const event of events) {
        const data = event.split("\n").find((line) => line.startsWith("data: "));
        if (data && visit === currentVisit) onEvent(JSON.parse(data.slice(6)));
      }
    }
  }).catch(() => {});
}

// One conversation

// An attachment's name as sent, shown left to right and with any direction control made visible: "\u202Egpj.exe"
// must not pass for "exe.jpg".
function fileName(name) {
  return h("bdi", { dir: "ltr" }, name.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, "\uFFFD"));
}

async function conversation(handoffId) {
  const visit = newVisit();
  const detail = await api(`/api/handoffs/${handoffId}`);
  if (visit !== currentVisit) return;
  const view = layout("queue", `${t("nav_queue")} #${detail.id}`);
  const mine = detail.status === "assigned" && detail.assigned_to === me.id;
  const facts = h("dl", { class: "facts" },
    h("dt", {}, t("language")), h("dd", {}, word("language", detail.language)),
    h("dt", {}, t("topic")), h("dd", {}, word("topic", detail.topic)),
    h("dt", {}, t("channel")), h("dd", {}, word("channel", detail.channel)),
    h("dt", {}, t("reason")), h("dd", {}, word("reason", detail.reason)));
  const messageItem = (message) => h("li", { class: `from-${message.sender}`, lang: message.language, "data-id": message.id },
    h("span", { class: "meta" }, `${t(`sender_${message.sender}`)} · ${word("language", message.language)} · ${time(message.created_at)}`),
    message.danger ? h("span", { class: "badge danger" }, dangerLabel(message.danger)) : null,
    // dir=auto: each message takes its own direction, and no direction control in it reaches the page around it.
    h("p", { dir: "auto" }, message.text),
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
    if (fresh.citizen_left && !view.querySelector(".citizen-left")) {
      transcript.before(h("p", { class: "error citizen-left", role: "status" }, t("citizen_left")));
    }
  };
  const actions = h("div", { class: "actions" });
  if (detail.status === "waiting") {
    actions.append(h("button", { class: "primary", onclick: async () => { await api(`/api/handoffs/${detail.id}/claim`, { method: "POST" }); conversation(detail.id); } }, t("claim")));
  }
  if (mine && !detail.citizen_left) {
    const box = h("textarea", { id: "reply", rows: "3", "aria-label": t("reply") });
    // Each ready answer in the citizen's language, with what it says in the console's (the same list, in order).
    const [canned, meanings] = await Promise.all([detail.language, language].map((code) => api(`/api/console/canned?language=${code}`)));
    const colleagues = (await api("/api/staff/colleagues")).filter((c) => c.id !== me.id);
    // No colleague chosen until the caseworker chooses one.
    const transferTo = h("select", { id: "transfer", required: "" }, h("option", { value: "" }, t("choose_colleague")),
      colleagues.map((c) => h("option", { value: c.id }, c.name)));
    actions.append(
      h("label", { for: "reply" }, t("reply")), box,
      h("div", { class: "canned", "aria-label": t("canned") }, canned.map((text, index) =>
        h("button", { class: "chip", onclick: () => { box.value = text; } },
          h("span", { lang: detail.language, dir: "auto" }, text),
          detail.language === language ? null : h("small", { class: "meaning" }, meanings[index])))),
      h("button", { class: "primary", onclick: async () => {
        if (!box.value.trim()) return;
        await api(`/api/handoffs/${detail.id}/messages`, { method: "POST", body: { text: box.value } });
        box.value = "";
        await showNew();
      } }, t("send")),
      h("div", { class: "row" },
        h("label", { for: "transfer" }, t("transfer_to")), transferTo,
        h("button", { onclick: async () => { if (!transferTo.value) return; await api(`/api/handoffs/${detail.id}/transfer`, { method: "POST", body: { staff_id: Number(transferTo.value) } }); queue(); } }, t("transfer"))),
      h("div", { class: "row" },
        h("button", { onclick: async () => { await api(`/api/handoffs/${detail.id}/resolve`, { method: "POST", body: { return_to_bot: false } }); queue(); } }, t("resolve")),
        h("button", { onclick: async () => { await api(`/api/handoffs/${detail.id}/resolve`, { method: "POST", body: { return_to_bot: true } }); queue(); } }, t("return_to_bot"))));
  }
  const note = h("textarea", { id: "note", rows: "2", "aria-label": t("note") });
  const noteItem = (n) => h("li", {}, `${time(n.created_at)} — ${n.text}`);
  const noteList = h("ul", {}, detail.notes.map(noteItem));
  const notes = h("section", { class: "notes" }, h("h2", {}, t("notes")), noteList,
    h("label", { for: "note" }, t("note")), note,
    h("button", { onclick: async () => {
      if (!note.value.trim()) return;
      noteList.append(noteItem(await api(`/api/handoffs/${detail.id}/notes`, { method: "POST", body: { text: note.value } })));
      note.value = "";
    } }, t("add_note")));
  const booked = await api(`/api/handoffs/${detail.id}/appointments`).catch(() => []);
  const appointments = h("section", {}, h("h2", {}, t("appointments")), booked.length
    ? h("ul", {}, booked.map((a) => h("li", {}, `${a.reference} · ${word("service", a.service)} · ${time(a.starts_at)} · ${word("appointment", a.status)}`)))
    : h("p", {}, t("no_appointments")));
  const left = detail.citizen_left ? h("p", { class: "error citizen-left", role: "status" }, t("citizen_left")) : null;
  if (mine && detail.citizen_left) {
    actions.append(h("button", { onclick: async () => { await api(`/api/handoffs/${detail.id}/resolve`, { method: "POST", body: { return_to_bot: false } }); queue(); } }, t("resolve")));
  }
  view.append(facts, ...(left ? [left] : []), h("h2", {}, t("transcript")), transcript, actions, notes, appointments);
  follow(visit, "/api/handoffs/events", (event) => {
    if (event.handoff.id === handoffId && event.kind === "message") showNew();
  });
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

// Today at the front desk

async function today(notice = null) {
  const visit = newVisit();
  const view = layout("today", t("nav_today"));
  // From the menu the argument is the click itself, not a notice.
  if (typeof notice === "string") view.append(h("p", { role: "status", class: "notice" }, notice));
  const board = await api("/api/desk/today");
  view.append(
    h("h2", {}, t("arrivals")),
    h("table", {}, h("tbody", {}, board.appointments.map((a) => h("tr", {},
      h("td", {}, time(a.starts_at)), h("td", {}, a.reference), h("td", {}, word("service", a.service)), h("td", {}, word("language", a.language)),
      h("td", {}, word("appointment", a.status)),
      h("td", {}, a.status === "booked" ? [
        h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/arrived`, { method: "POST" }); today(); } }, t("mark_arrived")),
        h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/no-show`, { method: "POST" }); today(); } }, t("mark_no_show")),
        h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/cancel`, { method: "POST" }); today(); } }, t("cancel")),
      ] : null))))),
    h("h2", {}, t("walk_ins")),
    h("ul", {}, board.walk_ins.map((w) => h("li", {}, `${w.number} · ${word("walk_in_reason", w.reason)} · ${word("language", w.language)} · ${word("walk_in", w.status)}`))),
    h("button", { class: "primary", onclick: async () => {
      try { await api("/api/desk/walk-ins/next", { method: "POST" }); today(); } catch { view.append(h("p", { role: "status" }, t("nobody_waiting"))); }
    } }, t("call_next")));
  view.append(await calendar());
  follow(visit, "/api/desk/events", today);
}

// A caseworker's appointments by day or week: book, move, cancel, mark no-show.

const calendarState = { staffId: null, span: "day", start: null };

function startOfDay(date) {
  const day = new Date(date);
  day.setHours(0, 0, 0, 0);
  return day;
}

// The Monday of a day's week: a week is shown Monday to Sunday, as a Greek calendar is.
function monday(date) {
  const day = startOfDay(date);
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  return day;
}

async function calendar() {
  const colleagues = await api("/api/staff/colleagues");
  calendarState.staffId ??= me.id;
  calendarState.start ??= startOfDay(new Date());
  const days = calendarState.span === "day" ? 1 : 7;
  const end = new Date(calendarState.start.getTime() + days * 86400000);
  const query = new URLSearchParams({ start: calendarState.start.toISOString(), end: end.toISOString(), staff_id: calendarState.staffId });
  const booked = await api(`/api/desk/appointments?${query}`);
  const section = h("section", { class: "calendar", "aria-label": t("calendar") });
  const who = h("select", { id: "calendar-staff" }, colleagues.map((c) => h("option", { value: c.id, selected: c.id === calendarState.staffId ? "" : false }, c.name)));
  who.addEventListener("change", () => { calendarState.staffId = Number(who.value); today(); });
  const shift = (direction) => { calendarState.start = new Date(calendarState.start.getTime() + direction * days * 86400000); today(); };
  section.append(
    h("h2", {}, t("calendar")),
    h("div", { class: "row" },
      h("label", { for: "calendar-staff" }, t("caseworker")), who,
      h("button", { "aria-pressed": String(calendarState.span === "day"), onclick: () => { calendarState.span = "day"; today(); } }, t("day")),
      h("button", { "aria-pressed": String(calendarState.span === "week"), onclick: () => { calendarState.span = "week"; calendarState.start = monday(calendarState.start); today(); } }, t("week")),
      h("button", { onclick: () => shift(-1) }, t("previous")),
      h("span", {}, calendarState.start.toLocaleDateString(language === "el" ? "el-GR" : "en-GB", { dateStyle: "full" })),
      h("button", { onclick: () => shift(1) }, t("following"))));
  const columns = h("div", { class: `days days-${days}` });
  for (let index = 0; index < days; index += 1) {
    const day = new Date(calendarState.start.getTime() + index * 86400000);
    const entries = booked.filter((a) => startOfDay(new Date(a.starts_at)).getTime() === day.getTime());
    columns.append(h("div", { class: "day" },
      h("h3", {}, day.toLocaleDateString(language === "el" ? "el-GR" : "en-GB", { weekday: "long", day: "numeric", month: "short" })),
      h("ul", {}, entries.map((a) => h("li", { class: `status-${a.status}` },
        h("span", {}, `${time(a.starts_at)} · ${a.reference} · ${word("service", a.service)} · ${word("language", a.language)}${a.name ? ` · ${a.name}` : ""}`),
        estimateAnswers(a.details),
        a.status === "booked" ? h("span", { class: "row" },
          h("button", { onclick: () => moveAppointment(a) }, t("move")),
          h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/cancel`, { method: "POST" }); today(); } }, t("cancel")),
          h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/no-show`, { method: "POST" }); today(); } }, t("mark_no_show"))) : h("span", { class: "status" }, word("appointment", a.status)))))));
  }
  section.append(columns, await bookingForm());
  return section;
}

async function freeTimes(service, staffId) {
  return api(`/api/slots?${new URLSearchParams({ service, staff_id: staffId, limit: 12, language })}`);
}

async function moveAppointment(appointment) {
  newVisit();
  const view = layout("today", t("choose_new_time"));
  const times = await freeTimes(appointment.service, appointment.staff_id);
  view.append(h("p", {}, `${appointment.reference} · ${time(appointment.starts_at)}`), h("div", { class: "row" }, times.map((slot) =>
    h("button", { class: "time", onclick: async () => {
      await api(`/api/desk/appointments/${appointment.reference}/move`, { method: "POST", body: { starts_at: slot.starts_at, staff_id: slot.staff_id } });
      today();
    } }, `${slot.day_label} ${slot.time_label}`))));
}

async function bookingForm() {
  const services = await api("/api/services");
  const service = h("select", { id: "book-service" }, services.map((s) => h("option", { value: s.id }, s.names[language] || s.id)));
  const citizenLanguage = h("select", { id: "book-language" }, ["el", "en", "ar", "rom"].map((code) => h("option", { value: code }, word("language", code))));
  const name = h("input", { id: "book-name", autocomplete: "off" });
  const phone = h("input", { id: "book-phone", autocomplete: "off", inputmode: "tel" });
  const consent = h("input", { id: "book-consent", type: "checkbox" });
  const times = h("div", { class: "row", "aria-live": "polite" });
  const show = async () => {
    const slots = await freeTimes(service.value, calendarState.staffId);
    times.replaceChildren(...slots.map((slot) => h("button", { class: "time", onclick: async () => {
      // A name or phone is kept only with the citizen's consent: never dropped without a word.
      if ((name.value.trim() || phone.value.trim()) && !consent.checked) {
        form.querySelector(".error")?.remove();
        times.before(h("p", { class: "error", role: "alert" }, t("consent_needed")));
        return;
      }
      const body = { service: service.value, starts_at: slot.starts_at, staff_id: slot.staff_id, language: citizenLanguage.value, consent: consent.checked };
      if (consent.checked) { body.name = name.value || null; body.phone = phone.value || null; }
      const booked = await api("/api/desk/appointments", { method: "POST", body });
      today(t("booked_reference").replace("{reference}", booked.reference).replace("{when}", time(booked.starts_at)));
    } }, `${slot.day_label} ${slot.time_label}`)));
  };
  const form = h("form", { class: "booking", onsubmit: show },
    h("h3", {}, t("book")),
    h("label", { for: "book-service" }, t("service")), service,
    h("label", { for: "book-language" }, t("citizen_language")), citizenLanguage,
    h("label", { for: "book-name" }, t("name")), name,
    h("label", { for: "book-phone" }, t("phone")), phone,
    h("span", { class: "row" }, consent, h("label", { for: "book-consent" }, t("consent_given"))),
    h("button", { type: "submit" }, t("free_times")), times);
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

// A date picked in a form (YYYY-MM-DD) at midnight in Athens, as an instant the hub understands.
function athensMidnight(date) {
  const guess = new Date(`${date}T00:00:00Z`);
  const wall = new Date(`${guess.toLocaleString("sv-SE", { timeZone: CENTRE_TIME_ZONE }).replace(" ", "T")}Z`);
  return new Date(guess.getTime() - (wall.getTime() - guess.getTime())).toISOString();
}

function day(iso) {
  return new Date(iso).toLocaleDateString(locale(), { dateStyle: "medium", timeZone: CENTRE_TIME_ZONE });
}

async function admin(notice = null) {
  newVisit();
  const view = layout("admin", t("nav_admin"));
  const [accounts, services, timeOff, audit] = await Promise.all(
    ["/api/staff/accounts", "/api/services", "/api/time-off", "/api/staff/audit"].map((path) => api(path)));
  const nameOf = (id) => accounts.find((a) => a.id === id)?.name ?? "—";
  // From the menu the argument is the click itself, not a notice.
  const status = h("p", { role: "status" }, typeof notice === "string" ? notice : "");
  view.append(status, ...adminAccounts(accounts), ...adminTimeOff(accounts, timeOff, nameOf), ...adminServices(accounts, services),
    ...adminAudit(audit, nameOf));
}

function adminAccounts(accounts) {
  const email = h("input", { id: "new-email", type: "email", autocomplete: "off" });
  const name = h("input", { id: "new-name", autocomplete: "off" });
  const role = h("select", { id: "new-role" }, h("option", { value: "caseworker" }, t("role_caseworker")), h("option", { value: "admin" }, t("role_admin")));
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
          h("button", { onclick: () => workingPlan(a) }, t("working_plan")),
          h("button", { onclick: () => passwordRow(a, row) }, t("set_password")),
          a.id === me.id ? null : h("button", { onclick: change(a, { active: !a.active }) }, t(a.active ? "deactivate" : "reactivate"))));
      return row;
    }))),
    h("form", { class: "stack", onsubmit: async () => {
      await api("/api/staff/accounts", { method: "POST", body: { email: email.value, name: name.value, role: role.value, password: password.value } });
      admin();
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
      h("span", {}, `${entry.staff_id ? nameOf(entry.staff_id) : t("whole_centre")} · ${day(entry.starts_at)} – ${day(lastDay(entry.ends_at))}${entry.reason ? ` · ${entry.reason}` : ""}`),
      h("button", { onclick: async () => { await api(`/api/time-off/${entry.id}`, { method: "DELETE" }); admin(); } }, t("remove")))))
      : h("p", { class: "time-off" }, t("no_time_off")),
    h("form", { class: "stack", onsubmit: async () => {
      if (!from.value || !to.value) return;
      const following = new Date(`${to.value}T12:00:00Z`);
      following.setUTCDate(following.getUTCDate() + 1);
      await api("/api/time-off", { method: "POST", body: { staff_id: who.value ? Number(who.value) : null,
        starts_at: athensMidnight(from.value), ends_at: athensMidnight(following.toISOString().slice(0, 10)), reason: reason.value } });
      admin();
    } },
      h("label", { for: "leave-who" }, t("leave_who")), who,
      h("label", { for: "leave-from" }, t("leave_from")), from,
      h("label", { for: "leave-to" }, t("leave_to")), to,
      h("label", { for: "leave-reason" }, t("leave_reason")), reason,
      h("button", { class: "primary", type: "submit" }, t("add_leave"))),
  ];
}

// Who provides each service, saved for all at once.
function adminServices(accounts, services) {
  const boxes = services.map((service) => accounts.filter((a) => a.active).map((a) => {
    const box = h("input", { type: "checkbox", id: `provider-${service.id}-${a.id}`, checked: service.staff_ids.includes(a.id) ? "" : false });
    box.dataset.staff = a.id;
    return h("span", { class: "row" }, box, h("label", { for: box.id }, a.name));
  }));
  const heading = ["service", "service_length", "providers"].map((key) => h("th", { scope: "col" }, t(key)));
  return [
    h("h2", {}, t("services")),
    h("table", { class: "services" }, h("thead", {}, h("tr", {}, heading)), h("tbody", {}, services.map((service, index) => h("tr", {},
      h("td", {}, service.names[language] || service.id),
      h("td", {}, t("length_words").replace("{minutes}", service.duration_minutes).replace("{pause}", service.buffer_minutes)),
      h("td", {}, boxes[index]))))),
    h("button", { class: "primary", onclick: async () => {
      for (const [index, service] of services.entries()) {
        const staff_ids = boxes[index].map((b) => b.querySelector("input")).filter((b) => b.checked).map((b) => Number(b.dataset.staff));
        await api(`/api/services/${service.id}`, { method: "PUT", body: { duration_minutes: service.duration_minutes, buffer_minutes: service.buffer_minutes, names: service.names, active: service.active, staff_ids } });
      }
      admin(t("saved"));
    } }, t("save_services")),
  ];
}

// What staff did, newest first, in words: "Claimed a conversation", "Conversation #12".
function adminAudit(audit, nameOf) {
  const concerning = (target) => {
    const [kind, id] = (target || "").split(":");
    if (kind === "staff") return nameOf(Number(id));
    if (kind === "handoff") return t("audit_conversation").replace("{id}", id);
    if (kind === "appointment") return t("audit_appointment").replace("{reference}", id);
    if (kind === "time_off") return t("audit_time_off").replace("{id}", id);
    if (kind === "service") return word("service", id);
    if (kind === "visit") return t("audit_visit").replace("{id}", id);
    if (kind === "day") return day(`${id}T12:00:00Z`);
    if (kind === "month") return id;
    return "—";
  };
  const heading = ["audit_when", "audit_who", "audit_what", "audit_concerning"].map((key) => h("th", { scope: "col" }, t(key)));
  return [
    h("h2", {}, t("audit")),
    h("table", { class: "audit" }, h("thead", {}, h("tr", {}, heading)), h("tbody", {}, audit.map((entry) => h("tr", {},
      h("td", {}, time(entry.at)), h("td", {}, entry.staff_id ? nameOf(entry.staff_id) : "—"),
      h("td", {}, t("audit_actions")[entry.action] ?? entry.action), h("td", {}, concerning(entry.target)))))),
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
serviceNames = Object.fromEntries((await fetch("/api/services").then((response) => response.json())).map((s) => [s.id, s.names]));
document.documentElement.lang = language;
try {
  me = await api("/api/staff/me");
  queue();
} catch {
  login();
}
