// The lobby kiosk. Touch first: every text field takes its letters from the on-screen keyboard (and from a keyboard
// plugged in). Every string comes from the catalogs (/api/kiosk/strings); citizen and staff text is only ever set as
// text, never as HTML. After a while without a touch the kiosk asks whether the person is still there, then ends the
// conversation on the server and forgets everything.

import { eachEvent, h, isolated } from "/static/dom.js";

const params = new URLSearchParams(location.search);
// Tests shorten the waits; a real kiosk uses the defaults (75 s, then 30 s to answer).
const IDLE_MS = Number(params.get("idle") || 75) * 1000;
// At most 60 s: the catalogs give the countdown's words for each second up to IDLE_PROMPT_LONGEST (strings.py).
const PROMPT_MS = Math.min(Number(params.get("prompt") || 30), 60) * 1000;
// Each layout: its rows of keys, and whether a shift key gives capitals (Arabic has none). Greek keeps its accented
// vowels and diaeresis on a row of their own rather than behind a dead key, and its question mark is ";". Arabic
// has ذ, the hamza forms, ة and ى, its own digits and its question mark and comma. "/" and ":" type a date and a time
// as people write them ("7/12", "10:30").
const KEYBOARDS = {
  el: { rows: ["1234567890", "άέήίόύώϊϋ", "ςερτυθιοπ", "ασδφγηξκλ", "ζχψωβνμ", ".,;!'-+/:"], shift: true, label: "ΑΒΓ" },
  latin: { rows: ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", ".,?!'-@+/:"], shift: true, label: "ABC" },
  // Romani in Latin letters has č, ć, š, ž and ǯ ("čhavo", "šukar", "ažutisar"), on a row of their own.
  rom: { rows: ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "čćšžǯ", ".,?!'-@+/:"], shift: true, label: "ABC" },
  ar: { rows: ["١٢٣٤٥٦٧٨٩٠", "ضصثقفغعهخحج", "شسيبلاتنمكط", "ذئءؤرىةوزظد", "أإآ؟،.!+/:"], shift: false, label: "أبج" },
  digits: { rows: ["123", "456", "789", "+0"], shift: false },
  amount: { rows: ["123", "456", "789", "0"], shift: false },
};

const app = document.getElementById("app");
// Larger text and high contrast are set on the root element: every size is in rem, so all of them grow.
const root = document.documentElement;
// While a person waits for a caseworker or talks with one, the screen waits longer (KIOSK_HANDOFF_IDLE_SECONDS),
// and a caseworker's message counts as activity.
const HANDOFF_IDLE_MS = Number(params.get("handoff_idle") || app.dataset.handoffIdle || 300) * 1000;
let strings = {};
// The languages in the hub's order (multilingual/languages.py): the welcome strings are keyed by them, in order.
const languageOrder = () => Object.keys(strings);
let session = emptySession();
let idleTimer = null;
let promptTimer = null;

function emptySession() {
  // state: who holds the conversation (bot, waiting for a caseworker, or assigned to one); centreOpen: whether
  // staff are in, asked once a person is wanted.
  return { language: app.dataset.defaultLanguage || "el", conversation: null, lastMessageId: 0, stream: null, withStaff: false,
    state: "bot", urgent: false, unreadStaff: false, centreOpen: null, showingPhoneCode: false };
}

function t(key) {
  return strings[session.language][key];
}

// The welcome screen has only its own words in each language; a language's other text comes once it is chosen.
async function loadLanguage(code) {
  if (strings[code].complete) return;
  const all = await fetch(`/api/kiosk/strings?language=${code}`).then((response) => response.json());
  strings[code] = { ...all[code], complete: true };
}

async function api(path, { method = "GET", body, auth = false } = {}) {
  const headers = { "Content-Type": "application/json" };
  if (auth && session.conversation) headers.Authorization = `Bearer ${session.conversation.token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error((data && data.error && data.error.code) || String(response.status));
    error.code = data && data.error && data.error.code;
    throw error;
  }
  return data;
}

async function conversation() {
  if (!session.conversation) {
    session.conversation = await api("/api/conversations", {
      method: "POST",
      body: { channel: "kiosk", language: session.language },
    });
  }
  return session.conversation;
}

function setLanguage(code) {
  session.language = code;
  document.documentElement.lang = code;
  document.documentElement.dir = strings[code].direction;
}

// Screens

function screen(title, body, { back = null, finish = true, name = "" } = {}) {
  stopListening();
  const bar = h(
    "header",
    { class: "bar" },
    back ? h("button", { class: "nav", onclick: back }, t("back")) : h("span"),
    h("h1", {}, title),
    finish ? h("button", { class: "nav", onclick: finishAsked }, t("start_again")) : h("span"),
  );
  app.replaceChildren(bar, h("section", { class: "content", "data-screen": name }, body), tools((key) => t(key)));
  // A screen with a field has it ready for text from wherever it comes (see textField).
  (app.querySelector("input.field") || app.querySelector("h1")).focus?.({ preventScroll: true });
}

// High contrast and larger text, on every screen. `label` names them: in the chosen language, or in all four
// before one is chosen.
function tools(label) {
  const tool = (className, key, iconName) => h("button", {
    class: `tool ${className}`, "aria-pressed": String(root.classList.contains(className)),
    onclick: (e) => toggle(className, e.currentTarget) }, icon(iconName), label(key));
  return h("footer", { class: "tools" }, tool("contrast", "contrast", "contrast"), tool("large", "larger_text", "larger"));
}

function inEveryLanguage(key) {
  return h("span", { class: "every-language" },
    languageOrder().map((code) => h("span", { lang: code, dir: strings[code].direction }, strings[code][key])));
}

function toggle(className, button) {
  const on = root.classList.toggle(className);
  button.setAttribute("aria-pressed", String(on));
  // Larger text moves everything: the answer the person was reading comes back to where they read it.
  const answers = chatLog?.isConnected ? chatLog.querySelectorAll(".message.theirs") : [];
  if (answers.length) showFromItsStart(answers[answers.length - 1]);
}

// "Finish" clears the screen for the next person; when that would lose something (a conversation, a booking or an
// estimate begun), it asks first, saying what becomes of the conversation: erased, or kept for staff (who hold it,
// who have it in their queue, or who will read possible danger the person left unanswered), out of hours when they
// will read it, and to someone who told of danger the numbers to call once more (an independent try, at night).
async function finishAsked() {
  const somethingToLose = session.conversation || Object.keys(booking).length || Object.keys(household).length;
  if (!somethingToLose) { endSession(); return; }
  const leaving = session.conversation
    ? await api(`/api/conversations/${session.conversation.id}/leaving`, { auth: true }).catch(() => null)
    : null;
  if (document.querySelector(".confirm")) return; // pressed twice while the hub was asked
  const body = session.state === "assigned" ? "start_again_body_staff"
    : session.withStaff ? "start_again_body_waiting"
    : leaving?.kept_for_staff ? (leaving.staff_read ? "start_again_body_kept" : "start_again_body_danger")
      : "start_again_body";
  const dialog = h("div", { class: "confirm", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "confirm-title" },
    h("div", { class: "panel" },
      h("h2", { id: "confirm-title" }, t("start_again_title")),
      h("p", {}, t(body)),
      leaving?.staff_read ? h("p", { class: "staff-read", dir: "auto" }, leaving.staff_read) : null,
      leaving?.helplines ? h("div", { class: "helplines" }, h("p", {}, t("helplines_again")),
        ...leaving.helplines.split("\n").map((line) => h("p", { dir: "auto" }, isolated(line)))) : null,
      h("div", { class: "actions" },
        h("button", { class: "primary", onclick: () => endSession() }, t("start_again_yes")),
        h("button", { class: "secondary", onclick: () => dialog.remove() }, t("start_again_no")))));
  document.body.append(dialog);
}

function welcome() {
  setLanguage(app.dataset.defaultLanguage || "el");
  const greetings = languageOrder().map((code) =>
    h("p", { class: "greeting", lang: code, dir: strings[code].direction }, strings[code].touch_to_start),
  );
  app.replaceChildren(
    h(
      "button",
      { class: "attract", onclick: languages },
      h("span", { class: "centre" }, strings[session.language].centre_name),
      ...greetings,
    ),
  );
}

function languages() {
  const buttons = languageOrder().map((code) =>
    h("button", { class: "language", lang: code, dir: strings[code].direction, onclick: async () => { await loadLanguage(code); setLanguage(code); home(); } }, strings[code].autonym),
  );
  app.replaceChildren(
    h("header", { class: "bar" },
      h("button", { class: "nav back", onclick: welcome }, icon("back"), inEveryLanguage("back")),
      h("h1", { class: "choose" }, ...languageOrder().map((code) => h("span", { lang: code, dir: strings[code].direction }, strings[code].choose_language))),
      h("span")),
    h("div", { class: "languages" }, buttons),
    tools(inEveryLanguage),
  );
}

async function home() {
  let resting = false;
  try {
    const health = await fetch("/api/health").then((r) => r.json());
    resting = health.parts.rasa !== "up" || health.parts.action_server !== "up";
  } catch {
    resting = true;
  }
  const tile = (key, action, disabled = false) =>
    h("button", { class: "tile", "data-tile": key, onclick: action, disabled: disabled ? "" : false },
      icon(key, "pictogram"),
      h("span", { class: "tile-words" },
        h("span", { class: "tile-title" }, t(`tile_${key}`)),
        h("span", { class: "tile-hint" }, disabled ? t("assistant_resting") : t(`tile_${key}_hint`))));
  // While staff have the conversation, the way back to it, and whether they have written since.
  const back = session.withStaff ? h("div", { class: "notice back-to-conversation", role: "status" },
    h("p", {}, t(session.unreadStaff ? "new_staff_message" : "back_to_conversation")),
    h("button", { class: "primary", onclick: person }, t("open_conversation"))) : null;
  const checkinTile = tile("checkin", () => checkIn());
  const personTile = tile("person", person);
  screen(t("home_title"), [back, h("div", { class: "tiles" },
    tile("programmes", programmes),
    tile("estimate", () => estimateCount("adults")),
    tile("ask", chat, resting && !session.withStaff),
    tile("book", newBooking),
    checkinTile,
    personTile,
  )], { name: "home", back: languages });
  // Drawn first, corrected when the hub answers: out of hours nobody will answer here at once, or see anyone today.
  centreOpen().then((open) => {
    if (open) return;
    personTile.querySelector(".tile-hint").textContent = t("tile_person_hint_closed");
    checkinTile.querySelector(".tile-hint").textContent = t("checkin_closed");
  });
}

// Programmes, straight from the knowledge base (works with the assistant down)

async function programmes() {
  const list = await api(`/api/programmes?language=${session.language}`);
  screen(t("tile_programmes"), h("div", { class: "choices" },
    list.map((p) => h("button", { class: "choice", onclick: () => programme(p.id) }, p.name))), { name: "programmes", back: home });
}

async function programme(id, aspect = "summary") {
  const detail = await api(`/api/programmes/${id}?language=${session.language}`);
  const tabs = Object.keys(detail.aspects).map((name) =>
    h("button", { class: "tab", "aria-pressed": String(name === aspect), onclick: () => programme(id, name) }, t(`aspect_${name}`)));
  const text = detail.aspects[aspect];
  screen(detail.name, [
    h("div", { class: "tabs" }, tabs),
    h("article", { class: "answer" }, isolated(text)),
    listenButton(text),
    h("div", { class: "actions" },
      // The answer invites the person to press it: so it is here.
      text.includes(t("estimate_button")) ? h("button", { class: "secondary", onclick: () => estimateCount("adults") }, t("estimate_button")) : null,
      h("button", { class: "primary", onclick: newBooking }, t("tile_book")),
      h("button", { class: "secondary", onclick: person }, t("tile_person"))),
  ], { name: "programme", back: programmes });
}

// Listening

// Icons are drawn by the page itself: an emoji needs a font a kiosk may not have (an empty box on Debian).
const ICONS = {
  speaker: "M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 7.97v8.05A4.5 4.5 0 0 0 16.5 12z",
  shift: "M12 3 3 13h5v8h8v-8h5z",
  stop: "M6 6h12v12H6z",
  back: "M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20z",
  contrast: "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2v16a8 8 0 0 1 0-16z",
  larger: "M9 4v3h5v12h3V7h5V4zM3 12h3v7h3v-7h3V9H3z",
  // The home screen's tiles (Material Design icons, Apache License 2.0).
  programmes: "M14 2H6c-1.1 0-2 .9-2 2v16c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2zm-3-5V3.5L18.5 9H13z",
  estimate: "M19 3H5c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h14c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2zm-5.97 4.06L14.09 6l1.41 1.41L16.91 6l1.06 1.06-1.41 1.41 1.41 1.41-1.06 1.06-1.41-1.4-1.41 1.41-1.06-1.06 1.41-1.41-1.41-1.42zm-6.78.66h5v1.5h-5v-1.5zM11.5 16h-2v2H8v-2H6v-1.5h2v-2h1.5v2h2V16zm6.5 1.25h-5v-1.5h5v1.5zm0-2.5h-5v-1.5h5v1.5z",
  ask: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2zM6 9h12v2H6V9zm8 5H6v-2h8v2zm4-6H6V6h12v2z",
  book: "M17 12h-5v5h5v-5zM16 1v2H8V1H6v2H5c-1.11 0-1.99.9-1.99 2L3 19c0 1.1.89 2 2 2h14c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2h-1V1h-2zm3 18H5V8h14v11z",
  checkin: "M9 17l3-2.94c-.39-.04-.68-.06-1-.06-2.67 0-8 1.34-8 4v2h9l-3-3zm2-5c2.21 0 4-1.79 4-4s-1.79-4-4-4-4 1.79-4 4 1.79 4 4 4m4.47 8.5L12 17l1.4-1.41 2.07 2.08 5.13-5.17 1.4 1.41z",
  person: "M12 12c2.21 0 4-1.79 4-4s-1.79-4-4-4-4 1.79-4 4 1.79 4 4 4zm0 2c-2.67 0-8 1.34-8 4v2h16v-2c0-2.66-5.33-4-8-4z",
};

function icon(name, className = "icon") {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", className);
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

// One player for the page: pressing Listen on another answer, leaving the screen or ending the session stops it.
const player = h("audio", { class: "speech", hidden: "" });
document.body.append(player);
let playingButton = null;

function stopListening() {
  player.pause();
  playingButton?.stop();
  playingButton = null;
}

function listenButton(text) {
  const wrap = h("div", { class: "listen" });
  const control = (voice, label) => {
    const button = h("button", { class: "secondary" });
    const show = (iconName, key) => button.replaceChildren(icon(iconName), t(key));
    button.stop = () => show("speaker", label);
    button.addEventListener("click", async () => {
      if (playingButton === button) { stopListening(); return; }
      stopListening();
      player.src = `/api/speech?language=${session.language}${voice ? `&voice=${voice}` : ""}&text=${encodeURIComponent(text.slice(0, 2000))}`;
      playingButton = button;
      show("stop", "stop_listening");
      player.onended = stopListening;
      try {
        await player.play();
      } catch {
        // Romani has no voice of its own: the Greek one reads its Latin letters (sh, ch, zh, dj) well enough.
        if (playingButton === button) { stopListening(); wrap.replaceChildren(...noVoice()); }
      }
    });
    button.stop();
    return button;
  };
  // Said once on a screen (not under every answer); the borrowed voice's button is under each.
  const { voice: ownVoice, borrowed_voice: borrowedVoice } = strings[session.language];
  const noVoice = () => [app.querySelector(".no-voice") ? null : h("p", { class: "no-voice" }, t("no_romani_voice")),
    control(borrowedVoice, "listen_greek")].filter(Boolean);
  wrap.append(...(ownVoice ? [control(null, "listen")] : borrowedVoice ? noVoice() : []));
  return wrap;
}

// The on-screen keyboard: the layout of the language, or digits for numbers and Latin for codes

// Word keyboards switch between the language's letters and the other script people write it in: Greeklish and
// Latin names on a Greek screen, Arabizi on an Arabic one, Romani in Greek letters.
const OTHER_LETTERS = { el: "latin", ar: "latin", latin: "el", rom: "el" };

function keyboard(input, layout, onEnter, enterLabel, home = layout) {
  const { rows, shift } = KEYBOARDS[layout];
  const words = layout !== "digits" && layout !== "amount";
  const other = layout === home ? OTHER_LETTERS[home] : home;
  // Shift gives one capital, then small letters again, as on a phone.
  let capital = false;
  const keys = [];
  const setCapital = (on) => {
    capital = on;
    for (const key of keys) key.textContent = on ? key.dataset.character.toUpperCase() : key.dataset.character;
    shiftKey?.setAttribute("aria-pressed", String(on));
  };
  const press = (character) => {
    input.value += capital ? character.toUpperCase() : character;
    input.dispatchEvent(new Event("input"));
    if (capital) setCapital(false);
  };
  // A touched key takes the focus; it goes back to the field, where an input method's text arrives (see textField).
  const key = (attributes, action, ...content) => h("button", { ...attributes, onclick: () => {
    action();
    if (input.isConnected) input.focus({ preventScroll: true });
  } }, ...content);
  const shiftKey = shift ? key({ class: "key wide shift", "aria-label": t("keyboard_shift"), "aria-pressed": "false" },
    () => setCapital(!capital), icon("shift")) : null;
  const board = h("div", { class: "keyboard", dir: "ltr" },
    rows.map((row) => h("div", { class: "keys" }, [...row].map((character) => {
      const button = key({ class: "key character", "data-character": character }, () => press(character), character);
      keys.push(button);
      return button;
    }))),
    h("div", { class: "keys" },
      shiftKey,
      words && other ? key({ class: "key wide switch", "aria-label": t("keyboard_switch") },
        () => board.replaceWith(keyboard(input, other, onEnter, enterLabel, home)), KEYBOARDS[other].label) : null,
      words ? key({ class: "key wide space" }, () => press(" "), t("keyboard_space")) : null,
      key({ class: "key wide" }, () => { input.value = [...input.value].slice(0, -1).join(""); }, t("keyboard_delete")),
      onEnter ? h("button", { class: "key wide primary send", onclick: onEnter }, enterLabel || t("next")) : null));
  return board;
}

// A keyboard plugged into the kiosk types into the read-only field too (an independent try: it took nothing), for
// someone who cannot use the keys on the screen, or a caseworker helping: letters, Backspace, and Enter for the
// field's own button. A field of digits takes only what its keys show; Tab, arrows and shortcuts work as ever.
// Typed anywhere on a screen with a field, the keys go to it, also after a key on the screen was touched (which
// then has the focus: Enter pressed it again, and "Delete" erased the message instead of sending it: helper-154's
// try); but Enter and Space on any other button press that button, for whoever moves through them with Tab.
let fieldOnScreen = null;
document.addEventListener("keydown", (event) => {
  if (!fieldOnScreen?.input.isConnected) return;
  const target = event.target instanceof Element ? event.target : null;
  if (target !== fieldOnScreen.input && target?.closest("input, textarea, select")) return;
  if (target?.closest("button:not(.key)") && (event.key === "Enter" || event.key === " ")) return;
  physicalKey(event, fieldOnScreen.input, fieldOnScreen.layout, fieldOnScreen.onEnter);
});
// A key on the screen pressed by Space is pressed when the key comes up: the letter typed is enough.
document.addEventListener("keyup", (event) => {
  if (event.key === " " && fieldOnScreen?.input.isConnected && event.target instanceof Element
    && event.target.closest(".key")) event.preventDefault();
});

function physicalKey(event, input, layout, onEnter) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  let value = input.value;
  if (event.key === "Enter") {
    event.preventDefault();
    onEnter?.();
    return;
  }
  if (event.key === "Backspace") value = [...value].slice(0, -1).join("");
  else if ([...event.key].length !== 1) return;
  else if (layout === "digits" || layout === "amount") {
    if (KEYBOARDS[layout].rows.join("").includes(event.key)) value += event.key;
  } else value += event.key;
  event.preventDefault();
  input.value = value;
  input.dispatchEvent(new Event("input"));
}

function textField(label, layout, onEnter, enterLabel) {
  // No input mode: the system keyboard does not open; letters come from the keyboard below. Not read-only: text an
  // input method inserts (a tablet's own keyboard, dictation, a program filling the field) arrives, where a read-only
  // field dropped it (helper-160's try: Greek inserted so was lost). Codes, phone numbers and amounts are written left
  // to right, also on an Arabic screen, and take only the characters their keys show, however they come.
  const input = h("input", { inputmode: "none", autocomplete: "off", "aria-label": label, class: "field",
    dir: layout === "el" || layout === "ar" ? "auto" : "ltr" });
  if (layout === "digits" || layout === "amount") {
    const allowed = KEYBOARDS[layout].rows.join("");
    input.addEventListener("input", () => {
      const kept = [...input.value].filter((character) => allowed.includes(character)).join("");
      if (kept !== input.value) input.value = kept;
    });
  }
  fieldOnScreen = { input, layout, onEnter };  // a keyboard plugged in types here (physicalKey)
  return { input, view: h("div", { class: "entry" }, h("label", {}, label), input, keyboard(input, layout, onEnter, enterLabel)) };
}

function languageLayout() {
  return { el: "el", ar: "ar", rom: "rom" }[session.language] || "latin";
}

// Asking the assistant

function renderMessage(message) {
  const mine = message.sender === "citizen";
  const staff = message.sender === "staff";
  return h("div", { class: `message ${mine ? "mine" : "theirs"}${staff ? " staff" : ""}`, lang: message.language || session.language },
    staff ? h("p", { class: "sender" }, t("from_staff")) : null,
    h("p", { dir: "auto" }, isolated(message.text)),
    mine ? null : h("div", { class: "buttons" }, (message.buttons || []).map((button) =>
      h("button", { class: "secondary", "data-danger": button.payload.startsWith("hub:danger:") || null,
        onclick: () => say({ payload: button.payload }, button.title) }, button.title))),
    mine ? null : listenButton(message.text));
}

// The messages, what the conversation's state offers (while the centre is closed, a booking; where phones reach the
// hub, continuing there), then the text field and keyboard.
function chatView(hint = null) {
  // Focusable: it scrolls, and its older buttons are disabled, so a keyboard could not otherwise reach what is above.
  const log = h("div", { class: "log", "aria-live": "polite", tabindex: "0" }, hint ? h("p", { class: "hint" }, hint) : null);
  const field = textField(t("type_here"), languageLayout(), () => {
    const text = field.input.value.trim();
    if (text) { field.input.value = ""; say({ text }, text); }
  }, t("send"));
  // Out of hours, the booking stays above the keyboard; why, is said once in the conversation (beside the button, with
  // larger text on a screen 800 px wide, the words took the messages' whole height: an independent try).
  const afterHours = h("div", { class: "after-hours", hidden: "" },
    h("button", { class: "primary", onclick: newBooking }, t("tile_book")));
  const phone = h("div", { class: "actions phone-offer", hidden: "" },
    h("button", { class: "secondary phone", onclick: continueOnPhone }, t("continue_on_phone")));
  return { log, body: [log, moreBelow(log), afterHours, phone, field.view] };
}

// More of the conversation below what its strip shows: a button says so and scrolls on (an independent try with
// larger text on a small screen saw the helplines, and not the question "are you in danger?" and its Yes below
// them). Under the strip, not over it: laid over it, it hid the numbers, then the Yes and No (a second try).
function moreBelow(log) {
  const more = h("button", { class: "more-below", hidden: "", onclick: () => log.scrollBy({ top: log.clientHeight * 0.8 }) },
    `▼ ${t("more_below")}`);
  const update = () => {
    more.hidden = !log.isConnected || log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
  };
  log.addEventListener("scroll", update, { passive: true });
  new ResizeObserver(update).observe(log);
  new MutationObserver(update).observe(log, { childList: true, subtree: true, characterData: true });
  return more;
}

let chatLog = null;

// A caseworker closed a conversation that told of danger: the person may have gone with them, and what she wrote
// stays on a screen in the lobby (an independent try: nearly two minutes). The screen asks at once whether anyone is
// there, and clears if nobody answers; once, after the closing notice (which counts as activity) is shown.
function askIfClosedInDanger() {
  if (!session.urgent || !session.staffHeld || session.state !== "bot" || session.askedAfterClose) return;
  session.askedAfterClose = true;
  session.staffHeld = false; // asked once per closing: a later conversation with staff may be closed again
  const closed = session;
  setTimeout(() => {
    if (session !== closed || document.querySelector(".idle")) return;
    clearTimeout(idleTimer);
    askStillThere();
  }, 0);
}

// A caseworker who has joined, or writes, makes the earlier buttons of the past: the queue's "Ask the assistant
// instead", pressed while a caseworker answered, said staff would answer the next morning (an independent try).
function pastButtons() {
  for (const button of chatLog?.querySelectorAll(".buttons button") || []) button.disabled = true;
}

// What the screen offers for the conversation's state: a booking while a request waits and the centre is closed
// (nobody should wait at the kiosk until the morning); the phone while staff have the conversation.
async function showConversationState(state) {
  session.state = state;
  if (state === "assigned") pastButtons();
  const toStaff = !session.withStaff && state !== "bot";
  session.withStaff = state !== "bot";
  // Passed to staff by what was said (danger told to the assistant): the wait for staff, not the assistant's
  // shorter one (an independent try's screen cleared in under three minutes).
  if (toStaff && !document.querySelector(".idle")) touched();
  if (session.withStaff) session.staffHeld = true;
  askIfClosedInDanger();
  if (session.withStaff && session.centreOpen === null) {
    session.centreOpen = await centreOpen();
  }
  const offer = app.querySelector(".after-hours");
  // Never beside a call for help in danger: the helplines are what that person needs, not a booking.
  const offered = state === "waiting" && session.centreOpen === false && !session.urgent;
  if (offer && offer.hidden === offered) {
    offer.hidden = !offered;
    const why = chatLog?.querySelector(".after-hours-why");
    if (offered && !why) {
      chatLog?.append(h("p", { class: "notice after-hours-why", role: "note" },
        t(app.dataset.phone ? "after_hours_offer_phone" : "after_hours_offer")));
    }
    if (!offered) why?.remove();
    // Shown above the conversation, it shrinks it: the newest answer is read from its start again (an independent
    // try with larger text saw it cut off at the bottom).
    const answers = chatLog?.querySelectorAll(".message.theirs");
    if (answers?.length) showAnswer(answers[answers.length - 1]);
  }
  const phone = app.querySelector(".phone-offer");
  if (phone) phone.hidden = !(session.withStaff && app.dataset.phone);
  // Back with the assistant (the person left the queue, or staff closed the conversation): the screen says so.
  const talking = app.querySelector('section[data-screen="person"]');
  if (talking && !session.withStaff) {
    talking.dataset.screen = "chat";
    app.querySelector("header h1").textContent = t("tile_ask");
  }
}

// Coming back to a conversation: everything said so far, the person's own words included.
async function showTranscript() {
  const { messages } = await api(`/api/conversations/${session.conversation.id}/messages`, { auth: true });
  session.lastMessageId = 0;
  for (const message of messages) chatLog?.append(renderMessage(message));
  session.lastMessageId = Math.max(0, ...messages.map((message) => message.id));
  const answers = chatLog?.querySelectorAll(".message");
  if (answers?.length) showFromItsStart(answers[answers.length - 1]);
}

// Whether staff are in now (GET /api/centre/status); if the hub cannot say, the kiosk behaves as in opening hours.
async function centreOpen() {
  return (await api("/api/centre/status").catch(() => ({ open: true }))).open;
}

// Scroll the messages (never the page) so that a message's first line is at the top, where reading starts.
function showFromItsStart(message) {
  const log = message.closest(".log");
  log.scrollTop += message.getBoundingClientRect().top - log.getBoundingClientRect().top;
}

async function chat() {
  // While staff have the conversation, it is theirs, not the assistant's: the same screen as "Talk to a person".
  if (session.withStaff) { person(); return; }
  const view = chatView(t("chat_hint"));
  chatLog = view.log;
  screen(t("tile_ask"), view.body, { name: "chat", back: home });
  if (session.conversation) {
    await showTranscript();
    showConversationState(session.state);
  } else {
    await conversation();
  }
}

function append(messages) {
  let first = null;
  for (const message of messages) {
    if (message.id && message.id <= session.lastMessageId) continue;
    session.lastMessageId = Math.max(session.lastMessageId, message.id || 0);
    // The person's own words were shown as they sent them; the stream brings them back stored, not to show again.
    if (message.sender === "citizen") continue;
    // A caseworker's message, or the hub's notice that they closed the conversation, is activity on the screen
    // (but leaves the phone code up: the notice that a phone took the conversation comes this way too).
    // Not while the screen asks whether anyone is still there after a conversation that told of danger was closed:
    // the closing notice can come after that question (a stream that caught up), and must not take it away.
    if ((message.sender === "staff" || message.sender === "system") && !session.showingPhoneCode
      && !session.askedAfterClose) stillHere();
    // Not on the conversation's screen: the home screen says staff have written.
    if (message.sender === "staff" && !chatLog?.isConnected) {
      session.unreadStaff = true;
      const back = app.querySelector(".back-to-conversation p");
      if (back) back.textContent = t("new_staff_message");
    }
    if (!chatLog || session.showingPhoneCode) continue;
    if (message.sender === "staff") pastButtons();
    const shown = renderMessage(message);
    chatLog.append(shown);
    first ??= shown;
  }
  if (first) showAnswer(first);
}

// A long answer is read from its beginning, not its end, under the words it answers: scrolled to the answer's first
// line, the person's own message went out of view above it (helper-160's try). A long message of theirs gives way.
function showAnswer(first) {
  const asked = first.previousElementSibling?.classList.contains("mine") ? first.previousElementSibling : null;
  const height = asked ? first.getBoundingClientRect().top - asked.getBoundingClientRect().top : Infinity;
  showFromItsStart(height < first.closest(".log").clientHeight / 2 ? asked : first);
}

// Only the newest answer's buttons work; the danger question's stay for a typed word (a try: it greyed its Yes).
function spendButtons(keepDanger) {
  for (const b of chatLog?.querySelectorAll(".buttons button") || []) b.disabled ||= !(keepDanger && b.dataset.danger);
}

async function say(body, shown) {
  const { id } = await conversation();
  spendButtons(body.payload === undefined);
  chatLog?.append(renderMessage({ sender: "citizen", text: shown }));
  chatLog?.lastElementChild.scrollIntoView({ block: "nearest" });
  try {
    const turn = await api(`/api/conversations/${id}/messages`, { method: "POST", body, auth: true });
    if (turn.urgent && !session.urgent) session.helplines = turn.messages.map((message) => message.text).join("\n");
    session.urgent = session.urgent || turn.urgent;
    if (session.urgent) spendButtons(false);
    // The stream may have brought later messages, and the state with them (a caseworker joined, or closed it), while
    // this turn was answered: its state is then older than the screen's.
    const stale = session.lastMessageId > Math.max(0, ...turn.messages.map((message) => message.id || 0));
    append(turn.messages);
    if (stale) askIfClosedInDanger();
    else await showConversationState(turn.state);
    if (session.withStaff) listen();
  } catch {
    chatLog?.append(h("p", { class: "error" }, t("error")));
  }
}

// Staff replies arrive live: the event stream of the conversation, read with fetch (it carries the token).
async function listen() {
  if (session.stream) return;
  const controller = new AbortController();
  session.stream = controller;
  const { id, token } = session.conversation;
  try {
    const response = await fetch(`/api/conversations/${id}/events?after=${session.lastMessageId}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    await eachEvent(response, (message) => {
      // Whether a person is still on the conversation (set before the message counts as a touch): once the
      // caseworker closes it, the usual wait applies.
      if (message.state) showConversationState(message.state);
      append([message]);
    });
  } catch {
    // Aborted when the session ends, or the connection dropped: the next message starts it again.
  } finally {
    if (session.stream === controller) session.stream = null;
  }
}

// Talking to a person, without the assistant (works with it down)

async function person() {
  const view = chatView();
  chatLog = view.log;
  session.unreadStaff = false;
  screen(t("tile_person"), view.body, { name: "person", back: home });
  const { id } = await conversation();
  // Back here after looking at another screen: the request stands; show what was said, do not ask again.
  if (session.withStaff) {
    await showTranscript();
  } else {
    const turn = await api(`/api/conversations/${id}/handoff`, { method: "POST", auth: true });
    session.state = turn.state;
    // Asked after telling of danger, the request is urgent: no booking is offered beside it.
    session.urgent = session.urgent || turn.urgent;
    append(turn.messages);
  }
  await showConversationState(session.state);
  touched();
  listen();
}

// "What could I get?": five questions as steppers and number pads, then every programme's estimate. The answers
// live only in this page until the person books help with an application (and consents), and go with the session.

const household = {};
const COUNTS = { adults: { start: 1, low: 1, high: 20, next: () => estimateCount("children") },
  children: { start: 0, low: 0, high: 20, next: () => estimateAmount("monthly_income") } };

function estimateCount(name) {
  const range = COUNTS[name];
  household[name] ??= range.start;
  const shown = h("output", { class: "count", "aria-live": "polite" }, String(household[name]));
  const step = (by) => {
    household[name] = Math.min(range.high, Math.max(range.low, household[name] + by));
    shown.textContent = String(household[name]);
  };
  screen(t("tile_estimate"), [
    name === "adults" ? h("p", { class: "notice" }, t("estimate_intro")) : null,
    h("p", { class: "question" }, t(`estimate_${name}`)),
    h("div", { class: "stepper" },
      h("button", { class: "step", "aria-label": t("one_less"), onclick: () => step(-1) }, "−"),
      shown,
      h("button", { class: "step", "aria-label": t("one_more"), onclick: () => step(1) }, "+")),
    h("button", { class: "primary", onclick: range.next }, t("next")),
  ], { name: `estimate-${name}`, back: name === "adults" ? home : () => estimateCount("adults") });
}

function estimateAmount(name, error = null) {
  const field = textField(t(name === "rent" ? "estimate_rent" : "estimate_income"), "amount", () => {
    if (!field.input.value) { estimateAmount(name, t("amount_needed")); return; }
    const amount = Number(field.input.value);
    if (amount > t("estimate_limits")[name][1]) { estimateAmount(name, t("amount_too_large")); return; }
    household[name] = amount;
    if (name === "monthly_income") estimateRenting();
    else estimateSingleParent();
  });
  field.input.value = household[name] ? String(household[name]) : "";
  field.input.after(h("p", { class: "unit" }, t("euros")));
  screen(t("tile_estimate"), [error ? h("p", { class: "error" }, error) : null, field.view],
    { name: `estimate-${name}`, back: name === "rent" ? estimateRenting : () => estimateCount("children") });
}

function estimateRenting() {
  screen(t("tile_estimate"), [h("p", { class: "question" }, t("estimate_renting")), h("div", { class: "actions" },
    h("button", { class: "primary", onclick: () => estimateAmount("rent") }, t("yes")),
    h("button", { class: "secondary", onclick: () => { household.rent = 0; estimateSingleParent(); } }, t("no")))],
    { name: "estimate-renting", back: () => estimateAmount("monthly_income") });
}

function estimateSingleParent() {
  if (!household.children) { household.single_parent = false; estimateResult(); return; }
  const answer = (value) => { household.single_parent = value; estimateResult(); };
  screen(t("tile_estimate"), [h("p", { class: "question" }, t("estimate_single_parent")), h("div", { class: "actions" },
    h("button", { class: "primary", onclick: () => answer(true) }, t("yes")),
    h("button", { class: "secondary", onclick: () => answer(false) }, t("no")))],
    { name: "estimate-single-parent", back: estimateRenting });
}

async function estimateResult() {
  let result;
  try {
    result = await api("/api/estimates", { method: "POST", body: { ...household, language: session.language } });
  } catch {
    screen(t("tile_estimate"), h("p", { class: "error" }, t("error")), { back: home });
    return;
  }
  // Each programme's short answer (its verdict and amount) first; the working, what was not checked, the documents
  // and the sources are sections the person opens if they want them.
  const section = (title, ...body) => h("details", {}, h("summary", {}, title), ...body);
  const list = (items) => h("ul", {}, items.map((item) => h("li", {}, isolated(item))));
  const cards = result.programmes.map((p) => h("article", { class: `estimate ${p.outcome}` },
    h("h2", {}, isolated(p.heading)),
    section(t("estimate_working"), h("p", {}, isolated(p.calculation.join(" ")))),
    p.caveats.length ? section(t("estimate_not_checked"), list(p.caveats)) : null,
    p.documents.length ? section(t("aspect_documents"), list(p.documents)) : null,
    section(t("sources"), h("p", { class: "source" }, ...isolated(p.sources.join(" ")), ` · ${t("rules_checked").replace("{date}", p.checked)}`))));
  screen(t("estimate_title"), [
    h("p", { class: "notice disclaimer" }, result.disclaimer),
    ...cards,
    h("div", { class: "actions" },
      h("button", { class: "primary", onclick: () => bookApplicationHelp(result) }, t("book_application_help")),
      h("button", { class: "secondary", onclick: person }, t("tile_person"))),
  ], { name: "estimate-result", back: () => estimateCount("adults") });
}

// A booking starts empty: nothing of an earlier estimate or booking is carried into it.
function clearBooking() {
  for (const key of Object.keys(booking)) delete booking[key];
}

function newBooking() {
  clearBooking();
  bookService();
}

async function bookApplicationHelp(result) {
  clearBooking();
  const services = await api("/api/services");
  booking.service = services.find((service) => service.id === "application_help");
  booking.estimate = { ...household };
  // What to bring to the meeting: the papers of every programme the estimate did not rule out.
  booking.documents = [...new Set(result.programmes.filter((p) => p.outcome !== "unlikely").flatMap((p) => p.documents))];
  if (booking.service) bookDay(); else bookService();
}

// Booking by touch: service, day, time, consent, name and phone, confirmation, ticket

const booking = {};

async function bookService() {
  const services = await api("/api/services");
  screen(t("tile_book"), [h("p", { class: "question" }, t("choose_service")), h("div", { class: "choices" },
    services.map((service) => h("button", { class: "choice", onclick: () => { booking.service = service; bookDay(); } },
      service.names[session.language])))], { name: "services", back: home });
}

async function bookDay(notice = null) {
  const slots = await api(`/api/slots?service=${booking.service.id}&limit=2000&language=${session.language}`);
  const days = new Map();
  for (const slot of slots) {
    if (!days.has(slot.day_label)) days.set(slot.day_label, []);
    days.get(slot.day_label).push(slot);
  }
  const body = [notice ? h("p", { class: "notice" }, notice) : null, h("p", { class: "question" }, t("choose_day"))];
  body.push(days.size === 0 ? h("p", {}, t("no_times")) : h("div", { class: "choices" },
    [...days.entries()].map(([label, daySlots]) => h("button", { class: "choice", onclick: () => bookTime(label, daySlots) }, label))));
  screen(booking.service.names[session.language], body, { name: "days", back: bookService });
}

function bookTime(label, slots) {
  screen(label, [h("p", { class: "question" }, t("choose_time")), h("div", { class: "times" },
    slots.map((slot) => h("button", { class: "choice", onclick: () => { booking.slot = slot; bookConsent(); } }, slot.time_label)))],
    { name: "times", back: () => bookDay() });
}

function bookConsent() {
  const question = booking.estimate ? t("consent_question_estimate") : t("consent_question");
  screen(t("tile_book"), [h("p", { class: "question" }, question), h("div", { class: "actions" },
    h("button", { class: "primary", onclick: () => { booking.consent = true; bookName(); } }, t("yes")),
    h("button", { class: "secondary", onclick: () => { booking.consent = false; booking.name = null; booking.phone = null; bookConfirm(); } }, t("no")))],
    { name: "consent", back: () => bookDay() });
}

function bookName() {
  const field = textField(t("your_name"), languageLayout(), () => {
    if (field.input.value.trim()) { booking.name = field.input.value.trim(); bookPhone(); }
  });
  screen(t("your_name"), field.view, { name: "name", back: bookConsent });
}

// The number is checked here, where it was typed, by the rule the booking applies; no phone is an answer too.
function bookPhone(error = null, typed = "") {
  const field = textField(t("your_phone"), "digits", async () => {
    const typed = field.input.value.trim();
    // Unchecked (the hub did not answer), the booking itself still checks it.
    const checked = typed ? await api("/api/phone-check", { method: "POST", body: { text: typed } }).catch(() => ({ phone: typed })) : { phone: null };
    if (!checked.phone) { bookPhone(t("invalid_phone"), typed); return; }
    booking.phone = typed;
    bookConfirm();
  });
  field.input.value = typed;  // what was wrong stays in view, to correct rather than retype
  screen(t("your_phone"), [error ? h("p", { class: "error" }, error) : null, field.view,
    h("button", { class: "secondary no-phone", onclick: () => { booking.phone = null; bookConfirm(); } }, t("no_phone"))],
  { name: "phone", back: bookName });
}

function dayAtTime(slot) {
  return t("day_at_time").replace("{day}", slot.day_label).replace("{time}", slot.time_label);
}

function bookConfirm() {
  const details = [booking.service.names[session.language], dayAtTime(booking.slot), booking.name, booking.phone].filter(Boolean);
  screen(t("tile_book"), [h("ul", { class: "summary" }, details.map((line) => h("li", {}, isolated(line)))),
    h("button", { class: "primary", onclick: book }, t("confirm_booking"))], { name: "confirm", back: bookConsent });
}

async function book() {
  const { id } = await conversation();
  try {
    if (booking.consent) {
      await api(`/api/conversations/${id}/consent`, { method: "POST", auth: true, body: { purpose: "personal_data", granted: true } });
    }
    const booked = await api(`/api/conversations/${id}/appointments`, {
      method: "POST",
      auth: true,
      body: { service: booking.service.id, starts_at: booking.slot.starts_at, staff_id: booking.slot.staff_id, name: booking.name, phone: booking.phone, consent: booking.consent, estimate: booking.consent ? booking.estimate : null },
    });
    ticket(booked.appointment);
  } catch (error) {
    if (error.code === "slot_taken") bookDay(t("slot_taken"));
    else if (error.code === "invalid_phone") bookPhone(t("invalid_phone"));
    else screen(t("tile_book"), h("p", { class: "error" }, t("error")), { back: home });
  }
}

function ticket(appointment) {
  const key = new URL(appointment.calendar_url, location.origin).searchParams.get("key");
  screen(t("ticket_title"), h("div", { class: "ticket" },
    h("dl", {},
      h("dt", {}, t("ticket_reference")), h("dd", { class: "reference" }, appointment.reference),
      h("dt", {}, t("ticket_service")), h("dd", { class: "service" }, booking.service.names[session.language]),
      // In the words of the day buttons ("Today, 3 December"), at the time chosen.
      h("dt", {}, t("ticket_when")), h("dd", {}, isolated(dayAtTime(booking.slot))),
      h("dt", {}, t("ticket_where")), h("dd", {}, isolated(t("centre_name")), h("br"), isolated(t("centre_address")))),
    booking.documents?.length ? h("div", { class: "documents" }, h("h2", {}, t("documents_to_bring")),
      h("ul", {}, booking.documents.map((document) => h("li", {}, isolated(document))))) : null,
    h("img", { class: "qr", alt: t("ticket_scan"), src: `/api/appointments/${appointment.reference}/qr.svg?key=${encodeURIComponent(key)}` }),
    h("p", {}, t("ticket_scan")),
    h("button", { class: "secondary", onclick: () => print() }, t("print"))), { name: "ticket", back: home });
}

// Checking in, or taking a number

function checkIn(error = null) {
  const field = textField(t("checkin_code"), "latin", async () => {
    // Nobody is at the desk to come for them: they check in when the centre opens.
    if (!(await centreOpen())) {
      screen(t("tile_checkin"), h("p", { class: "notice" }, t("checkin_closed")), { name: "checkin-closed", back: home });
      return;
    }
    try {
      await api("/api/check-in", { method: "POST", body: { reference: field.input.value } });
      screen(t("tile_checkin"), h("p", { class: "notice" }, t("checkin_done")), { back: home });
    } catch (error) {
      checkIn(t(error.code === "not_today" ? "checkin_not_today" : "checkin_unknown"));
    }
  });
  const closedNote = h("p", { class: "notice", hidden: "" }, t("checkin_closed"));
  // A lost ticket or message: the front desk finds the appointment by name or phone (helper-101's try).
  const lostCode = () => screen(t("tile_checkin"), h("p", { class: "notice" }, t("checkin_lost_help")),
    { name: "checkin-lost", back: () => checkIn() });
  screen(t("tile_checkin"), [closedNote, error ? h("p", { class: "error" }, error) : null, field.view,
    h("button", { class: "primary", onclick: walkInReason }, t("walk_in")),
    h("button", { class: "secondary", onclick: lostCode }, t("checkin_lost"))], { name: "checkin", back: home });
  // Said before the code is typed, not after.
  centreOpen().then((open) => { closedNote.hidden = open; });
}

async function walkInReason() {
  // Numbers are for the people staff will see today: none while the centre is closed, a booking instead.
  if (!(await centreOpen())) {
    screen(t("tile_checkin"), [h("p", { class: "notice" }, t("walk_in_closed")),
      h("button", { class: "primary", onclick: newBooking }, t("tile_book"))], { name: "walk-in-closed", back: () => checkIn() });
    return;
  }
  const services = await api("/api/services");
  const reasons = [...services.map((s) => [s.id, s.names[session.language]]), ["information", t("reason_information")], ["other", t("reason_other")]];
  screen(t("walk_in_reason"), h("div", { class: "choices" }, reasons.map(([id, name]) =>
    h("button", { class: "choice", onclick: () => walkIn(id) }, name))), { name: "reasons", back: () => checkIn() });
}

async function walkIn(reason) {
  const number = await api("/api/walk-ins", { method: "POST", body: { reason, language: session.language, channel: "kiosk" } });
  const ahead = t("walk_in_ahead")[String(Math.min(number.waiting_before, 10))];
  screen(t("walk_in_title"), h("div", { class: "ticket" },
    h("p", { class: "number" }, String(number.number)),
    h("p", {}, ahead),
    h("button", { class: "secondary", onclick: () => print() }, t("print"))), { name: "number", back: home });
}

// Privacy on a shared screen: ask after a while without a touch, then forget everything

function stillHere() {
  session.showingPhoneCode = false;
  clearInterval(promptTimer);
  document.querySelector(".idle")?.remove();
  touched();
}

function touched() {
  clearTimeout(idleTimer);
  if (document.querySelector(".idle")) return;
  idleTimer = setTimeout(askStillThere, session.withStaff ? HANDOFF_IDLE_MS : IDLE_MS);
}

function askStillThere() {
  if (!app.querySelector(".bar")) { touched(); return; } // the welcome screen holds nothing to forget
  if (!strings[session.language].complete) { endSession(); return; } // the language picker: nothing to forget either
  let left = Math.round(PROMPT_MS / 1000);
  const body = () => t(session.withStaff ? "idle_body_handoff" : "idle_body")[String(left)];
  const count = h("p", {}, body());
  const dialog = h("div", { class: "idle", role: "alertdialog", "aria-modal": "true" },
    h("div", { class: "panel" }, h("h2", {}, t("idle_title")), count,
      session.urgent && session.helplines ? h("div", { class: "helplines" }, h("p", {}, t("helplines_again")),
        h("p", { dir: "auto" }, isolated(session.helplines.split("\n\n")[0]))) : null,
      h("div", { class: "actions" },
        h("button", { class: "primary", onclick: () => { session.askedAfterClose = false; stillHere(); } },
          t("idle_continue")),
        phoneOffered() ? h("button", { class: "secondary phone", onclick: continueOnPhone }, t("continue_on_phone")) : null)));
  document.body.append(dialog);
  promptTimer = setInterval(() => {
    left -= 1;
    count.textContent = body();
    if (left <= 0) endSession();
  }, 1000);
}

// "Continue on my phone": where phones can reach the hub, a person waiting for or talking with a caseworker takes
// the conversation with them. The code holds a one-time link; once a phone opens it, the kiosk's token stops
// working, and the kiosk clears for the next person.
const PHONE_CODE_SHOWN_MS = 120000;

function phoneOffered() {
  return Boolean(app.dataset.phone) && session.withStaff && Boolean(session.conversation);
}

async function continueOnPhone() {
  clearInterval(promptTimer);
  clearTimeout(idleTimer);
  document.querySelector(".idle")?.remove();
  session.showingPhoneCode = true;
  const panel = h("div", { class: "panel" }, h("h2", {}, t("continue_on_phone")));
  document.body.append(h("div", { class: "idle", role: "dialog", "aria-modal": "true" }, panel));
  let link;
  try {
    link = await api(`/api/conversations/${session.conversation.id}/phone-link`, { method: "POST", auth: true });
  } catch {
    panel.append(h("p", { class: "error" }, t("error")), h("button", { class: "primary", onclick: stillHere }, t("idle_continue")));
    return;
  }
  // Behind the code the conversation is hidden: whoever stands here next should not read it.
  chatLog?.querySelectorAll(".message").forEach((message) => message.remove());
  panel.append(h("img", { class: "qr", src: link.qr, alt: t("continue_on_phone_scan") }), h("p", {}, t("continue_on_phone_scan")),
    h("p", {}, t("continue_on_phone_once")),
    h("button", { class: "primary", onclick: backFromPhoneCode }, t("back")));
  // Not scanned: after a while the screen clears as it would have.
  promptTimer = setTimeout(endSession, PHONE_CODE_SHOWN_MS);
  const ending = session;
  const poll = setInterval(async () => {
    if (session !== ending || !ending.showingPhoneCode) { clearInterval(poll); return; }
    try {
      await api(`/api/conversations/${ending.conversation.id}/messages?after=${ending.lastMessageId}`, { auth: true });
    } catch (error) {
      if (error.code !== "conversation_not_found") return;
      clearInterval(poll);
      panel.replaceChildren(h("h2", {}, t("continued_on_phone")));
      setTimeout(endSession, 3000);
    }
  }, 1000);
}

// The code was not scanned: the person goes on here, with the conversation as it was.
async function backFromPhoneCode() {
  stillHere();
  chatLog?.querySelectorAll(".message").forEach((message) => message.remove());
  await showTranscript();
}

async function endSession() {
  clearInterval(promptTimer);
  clearTimeout(idleTimer);
  const ending = session;
  session = emptySession();
  ending.stream?.abort();
  document.querySelectorAll(".idle, .confirm").forEach((dialog) => dialog.remove());
  stopListening();
  root.classList.remove("contrast", "large");
  clearBooking();
  for (const key of Object.keys(household)) delete household[key];
  chatLog = null;
  sessionStorage.clear();
  localStorage.clear();
  history.replaceState(null, "", location.pathname + location.search);
  welcome();
  if (ending.conversation) {
    const { id, token } = ending.conversation;
    // The conversation goes; what the person booked stays, with the name and phone they agreed to leave.
    await fetch(`/api/conversations/${id}/leave`, { method: "POST", headers: { Authorization: `Bearer ${token}` } }).catch(() => {});
  }
  touched();
}

for (const name of ["pointerdown", "keydown"]) document.addEventListener(name, touched, { capture: true });

strings = await fetch("/api/kiosk/strings?part=welcome").then((response) => response.json());
welcome();
touched();
