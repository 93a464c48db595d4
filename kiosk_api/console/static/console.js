// The staff console. Every string comes from the catalogs (/api/console/strings, Greek or English); citizen text is
// only ever set as text. The queue and the front desk update live from the hub's event streams.

const root = document.getElementById("console");
let strings = {};
let language = localStorage.getItem("console-language") || "el";
let me = null;
let queueStream = null;
let openHandoff = null;

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

async function api(path, { method = "GET", body } = {}) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  if (response.status === 401) { me = null; login(); throw new Error("not_logged_in"); }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error((data && data.error && data.error.code) || String(response.status));
  return data;
}

function time(iso) {
  return new Date(iso).toLocaleString(language === "el" ? "el-GR" : "en-GB", { dateStyle: "short", timeStyle: "short" });
}

// Layout

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
  queueStream?.abort();
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
  const view = layout("queue", t("nav_queue"));
  const list = h("ul", { class: "queue", "aria-live": "polite" });
  view.append(list);
  const draw = async () => {
    const open = (await api("/api/handoffs")).filter((handoff) => handoff.status !== "resolved");
    list.replaceChildren(...(open.length ? open.map((handoff) => h("li", { class: handoff.urgent ? "urgent" : "" },
      h("button", { class: "entry", onclick: () => conversation(handoff.id) },
        handoff.urgent ? h("span", { class: "badge" }, t("urgent")) : null,
        h("span", { class: "lang" }, handoff.language),
        h("span", {}, handoff.topic || handoff.reason),
        h("span", {}, handoff.channel),
        h("span", {}, t(`status_${handoff.status}`)),
        h("span", {}, t("waiting_since").replace("{time}", time(handoff.created_at)))))) : [h("li", {}, t("queue_empty"))]));
  };
  await draw();
  follow("/api/handoffs/events", () => { if (document.querySelector(".queue")) draw(); });
}

// Server-sent events with the session cookie; the callback runs on each event.
function follow(path, onEvent) {
  queueStream?.abort();
  const controller = new AbortController();
  queueStream = controller;
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
        if (data) onEvent(JSON.parse(data.slice(6)));
      }
    }
  }).catch(() => {});
}

// One conversation

async function conversation(handoffId) {
  openHandoff = handoffId;
  const detail = await api(`/api/handoffs/${handoffId}`);
  const view = layout("queue", `${t("nav_queue")} #${detail.id}`);
  const mine = detail.status === "assigned" && detail.assigned_to === me.id;
  const facts = h("dl", { class: "facts" },
    h("dt", {}, t("language")), h("dd", {}, detail.language),
    h("dt", {}, t("topic")), h("dd", {}, detail.topic || "—"),
    h("dt", {}, t("channel")), h("dd", {}, detail.channel),
    h("dt", {}, t("reason")), h("dd", {}, detail.reason));
  const transcript = h("ol", { class: "transcript", "aria-label": t("transcript") }, detail.messages.map((message) =>
    h("li", { class: `from-${message.sender}`, lang: message.language },
      h("span", { class: "meta" }, `${t(`sender_${message.sender}`)} · ${message.language} · ${time(message.created_at)}`),
      h("p", {}, message.text),
      message.attachments.map((file) => h("a", { href: `/api/handoffs/${detail.id}/attachments/${file.id}`, download: file.file_name }, file.file_name)))));
  const actions = h("div", { class: "actions" });
  if (detail.status === "waiting") {
    actions.append(h("button", { class: "primary", onclick: async () => { await api(`/api/handoffs/${detail.id}/claim`, { method: "POST" }); conversation(detail.id); } }, t("claim")));
  }
  if (mine) {
    const box = h("textarea", { id: "reply", rows: "3", "aria-label": t("reply") });
    const canned = await api(`/api/console/canned?language=${detail.language}`);
    const colleagues = me.role === "admin" ? await api("/api/staff/accounts") : [];
    const transferTo = h("input", { id: "transfer", type: "number", min: "1", "aria-label": t("transfer_to") });
    actions.append(
      h("label", { for: "reply" }, t("reply")), box,
      h("div", { class: "canned", "aria-label": t("canned") }, canned.map((text) => h("button", { class: "chip", lang: detail.language, onclick: () => { box.value = text; } }, text))),
      h("button", { class: "primary", onclick: async () => {
        if (!box.value.trim()) return;
        await api(`/api/handoffs/${detail.id}/messages`, { method: "POST", body: { text: box.value } });
        conversation(detail.id);
      } }, t("send")),
      h("div", { class: "row" },
        h("label", { for: "transfer" }, t("transfer_to")), transferTo,
        colleagues.length ? h("span", {}, colleagues.map((c) => `${c.id}: ${c.name}`).join(", ")) : null,
        h("button", { onclick: async () => { await api(`/api/handoffs/${detail.id}/transfer`, { method: "POST", body: { staff_id: Number(transferTo.value) } }); queue(); } }, t("transfer"))),
      h("div", { class: "row" },
        h("button", { onclick: async () => { await api(`/api/handoffs/${detail.id}/resolve`, { method: "POST", body: { return_to_bot: false } }); queue(); } }, t("resolve")),
        h("button", { onclick: async () => { await api(`/api/handoffs/${detail.id}/resolve`, { method: "POST", body: { return_to_bot: true } }); queue(); } }, t("return_to_bot"))));
  }
  const note = h("textarea", { id: "note", rows: "2", "aria-label": t("note") });
  const notes = h("section", { class: "notes" }, h("h2", {}, t("notes")),
    h("ul", {}, detail.notes.map((n) => h("li", {}, `${time(n.created_at)} — ${n.text}`))),
    h("label", { for: "note" }, t("note")), note,
    h("button", { onclick: async () => { if (note.value.trim()) { await api(`/api/handoffs/${detail.id}/notes`, { method: "POST", body: { text: note.value } }); conversation(detail.id); } } }, t("add_note")));
  const booked = await api(`/api/handoffs/${detail.id}/appointments`).catch(() => []);
  const appointments = h("section", {}, h("h2", {}, t("appointments")), booked.length
    ? h("ul", {}, booked.map((a) => h("li", {}, `${a.reference} · ${a.service} · ${time(a.starts_at)}`)))
    : h("p", {}, t("no_appointments")));
  view.append(facts, h("h2", {}, t("transcript")), transcript, actions, notes, appointments);
  follow("/api/handoffs/events", (event) => {
    if (event.handoff.id === handoffId && openHandoff === handoffId && event.kind === "message") conversation(handoffId);
  });
}

// Today at the front desk

async function today() {
  const view = layout("today", t("nav_today"));
  const board = await api("/api/desk/today");
  view.append(
    h("h2", {}, t("arrivals")),
    h("table", {}, h("tbody", {}, board.appointments.map((a) => h("tr", {},
      h("td", {}, time(a.starts_at)), h("td", {}, a.reference), h("td", {}, a.service), h("td", { lang: a.language }, a.language),
      h("td", {}, a.status),
      h("td", {}, a.status === "booked" ? [
        h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/arrived`, { method: "POST" }); today(); } }, t("mark_arrived")),
        h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/no-show`, { method: "POST" }); today(); } }, t("mark_no_show")),
        h("button", { onclick: async () => { await api(`/api/desk/appointments/${a.reference}/cancel`, { method: "POST" }); today(); } }, t("cancel")),
      ] : null))))),
    h("h2", {}, t("walk_ins")),
    h("ul", {}, board.walk_ins.map((w) => h("li", {}, `${w.number} · ${w.reason} · ${w.language} · ${w.status}`))),
    h("button", { class: "primary", onclick: async () => {
      try { await api("/api/desk/walk-ins/next", { method: "POST" }); today(); } catch { view.append(h("p", { role: "status" }, t("nobody_waiting"))); }
    } }, t("call_next")));
  follow("/api/desk/events", () => { if (document.querySelector("h1")?.textContent === t("nav_today")) today(); });
}

// Knowledge review, reports, administration

async function knowledge() {
  const view = layout("knowledge", t("nav_knowledge"));
  const entries = await api("/api/knowledge/review");
  view.append(h("table", {}, h("tbody", {}, entries.map((e) => h("tr", { class: e.stale ? "stale" : "" },
    h("td", {}, e.name), h("td", {}, `${t("checked")}: ${e.checked}`), h("td", {}, `${t("review_by")}: ${e.review_by}`),
    h("td", {}, e.stale ? t("stale") : "✓"),
    h("td", {}, Object.entries(e.review_status).map(([code, status]) => `${code}: ${status}`).join(" · ")))))));
}

async function reports() {
  const view = layout("reports", t("nav_reports"));
  const month = new Date().toISOString().slice(0, 7);
  const report = await api(`/api/reports/monthly?month=${month}`);
  const rows = [];
  const walk = (value, prefix) => {
    if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) walk(inner, prefix ? `${prefix}.${key}` : key);
    else rows.push([prefix, value === null ? "—" : String(value)]);
  };
  walk(report, "");
  view.append(h("p", {}, `${t("month")}: ${month} `, h("a", { href: `/api/reports/monthly?month=${month}&format=csv` }, t("download_csv"))),
    h("table", {}, h("tbody", {}, rows.map(([name, value]) => h("tr", {}, h("td", {}, name), h("td", {}, value))))));
}

async function admin() {
  const view = layout("admin", t("nav_admin"));
  const accounts = await api("/api/staff/accounts");
  const services = await api("/api/services");
  view.append(
    h("h2", {}, t("accounts")),
    h("table", {}, h("tbody", {}, accounts.map((a) => h("tr", {}, h("td", {}, a.id), h("td", {}, a.name), h("td", {}, a.email), h("td", {}, a.role), h("td", {}, a.active ? "✓" : "—"))))),
    h("h2", {}, t("services")),
    h("table", {}, h("tbody", {}, services.map((s) => h("tr", {}, h("td", {}, s.names[language] || s.id), h("td", {}, `${s.duration_minutes}+${s.buffer_minutes}′`), h("td", {}, s.staff_ids.join(", ")))))));
}

strings = await fetch("/api/console/strings").then((response) => response.json());
document.documentElement.lang = language;
try {
  me = await api("/api/staff/me");
  queue();
} catch {
  login();
}
