// "Continue on my phone": a kiosk conversation, carried on on the person's own phone. The link's secret (after the
// "#", never sent to a server) is exchanged once for the conversation; then the messages, a text field, and the
// replies live. Citizen and staff text is only ever set as text.

import { eachEvent, h, isolated } from "/static/dom.js";

const app = document.getElementById("app");
let strings = {};
// The languages in the hub's order (multilingual/languages.py): the strings are keyed by them, in order.
const languages = () => Object.keys(strings);
let language = "el";
let conversation = null;
let lastMessageId = 0;

const t = (key) => strings[language][key];

function setLanguage(code) {
  language = code;
  document.documentElement.lang = code;
  document.documentElement.dir = strings[code].direction;
}

// Before the conversation is known, the phone's own language if it is one of ours.
function phoneLanguage() {
  const codes = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase());
  return codes.find((code) => languages().includes(code)) || app.dataset.defaultLanguage || "el";
}

// Said in the phone's language first, then in the others: before the conversation is known, the page cannot tell
// which of them the person reads.
function failed(key) {
  const order = [language, ...languages().filter((code) => code !== language)];
  app.replaceChildren(h("header", { class: "bar" }, h("h1", {}, isolated(t("centre_name")))),
    h("div", { class: "error" }, order.map((code) => h("p", { lang: code, dir: strings[code].direction }, strings[code][key]))));
}

// Focusable: it scrolls, and its older buttons are disabled, so a keyboard could not otherwise reach what is above.
const log = h("div", { class: "log", "aria-live": "polite", tabindex: "0" });

function show(message) {
  if (message.id) {
    if (message.id <= lastMessageId) return;
    lastMessageId = message.id;
  }
  const mine = message.sender === "citizen";
  const staff = message.sender === "staff";
  // The assistant's answer buttons, as at the kiosk: only the newest answer's can be pressed.
  for (const button of log.querySelectorAll(".buttons button")) button.disabled = true;
  const buttons = (message.buttons || []).map((button) =>
    h("button", { class: "secondary", onclick: () => send(null, { payload: button.payload }, button.title) }, button.title));
  log.append(h("div", { class: `message ${mine ? "mine" : "theirs"}${staff ? " staff" : ""}` },
    staff ? h("p", { class: "sender" }, t("from_staff")) : null, h("p", { dir: "auto" }, isolated(message.text)),
    buttons.length ? h("div", { class: "buttons" }, buttons) : null));
  log.lastElementChild.scrollIntoView({ block: "end" });
}

async function call(path, { method = "GET", body } = {}) {
  const response = await fetch(path, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${conversation.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

// A typed message, or a pressed button (its payload, shown as its title).
async function send(input, body = null, shown = null) {
  const text = shown ?? input.value.trim();
  if (!text) return;
  if (input) input.value = "";
  log.append(h("div", { class: "message mine" }, h("p", { dir: "auto" }, isolated(text))));
  log.lastElementChild.scrollIntoView({ block: "end" });
  try {
    const turn = await call(`/api/conversations/${conversation.id}/messages`, { method: "POST", body: body ?? { text } });
    turn.messages.forEach(show);
  } catch {
    log.append(h("p", { class: "error" }, t("error")));
  }
}

// New messages as they come, read with fetch (it carries the token); a dropped connection is opened again.
async function listen() {
  for (;;) {
    try {
      const response = await fetch(`/api/conversations/${conversation.id}/events?after=${lastMessageId}`, {
        headers: { Authorization: `Bearer ${conversation.token}` },
      });
      if (response.status === 404) return;
      await eachEvent(response, (message) => {
        // The person's own words were shown as they sent them.
        if (message.sender === "citizen") lastMessageId = Math.max(lastMessageId, message.id);
        else show(message);
      });
    } catch {
      // The phone lost its connection for a moment: wait, then carry on from the last message.
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

async function start() {
  strings = await fetch("/api/kiosk/strings").then((response) => response.json());
  setLanguage(phoneLanguage());
  const secret = location.hash.slice(1);
  // The secret leaves the address bar and the history at once.
  history.replaceState(null, "", location.pathname);
  conversation = JSON.parse(sessionStorage.getItem("conversation") || "null");
  if (secret) {
    const response = await fetch(`/api/phone-links/${encodeURIComponent(secret)}`, { method: "POST" });
    if (response.ok) {
      conversation = await response.json();
      sessionStorage.setItem("conversation", JSON.stringify(conversation));
    }
  }
  if (!conversation) { failed("phone_link_expired"); return; }
  setLanguage(conversation.language);
  const input = h("input", { class: "field", "aria-label": t("type_here"), placeholder: t("type_here"), enterkeyhint: "send", autocomplete: "off" });
  input.addEventListener("keydown", (event) => { if (event.key === "Enter") send(input); });
  app.replaceChildren(
    h("header", { class: "bar" }, h("h1", {}, isolated(t("centre_name")))),
    log,
    h("footer", { class: "entry" }, input, h("button", { class: "primary send", onclick: () => send(input) }, t("send"))),
  );
  try {
    const transcript = await call(`/api/conversations/${conversation.id}/messages`);
    transcript.messages.forEach(show);
  } catch {
    sessionStorage.removeItem("conversation");
    failed("phone_link_expired");
    return;
  }
  listen();
}

start();
