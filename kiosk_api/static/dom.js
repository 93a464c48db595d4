// What the hub's pages share (the kiosk, the phone page, the staff console; served at /static/dom.js): building
// elements, with text only ever as text, and reading a live event stream.

// Build an element; strings become text nodes, so nothing from the server is ever parsed as HTML.
export function h(tag, attributes = {}, ...children) {
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

// E-mail addresses, numbers, phones, times, references, codes of letters and digits ("Α21"), web addresses and Greek
// or Latin words in brackets ("(Ι. Θεολόγου 22, Ζωγράφου)") read left to right, also inside Arabic: isolated, a "+",
// an "@", a bracket, a letter, a thousands comma ("7,200") or a space between digit groups can no longer be reordered
// by the right-to-left text around it. A comma followed by a space is a list's, not a number's.
const LEFT_TO_RIGHT =
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\([^()\u0600-\u06FF]+\)|(?:https?:\/\/|www\.)\S*[^\s.,;:!?)،؟]|\+?[\p{Script=Latin}\p{Script=Greek}]*\d(?:(?:[\d .\/:\-–]|,(?=\d))*\d)?[\p{Script=Latin}\p{Script=Greek}\d]*/gu;

export function isolated(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(LEFT_TO_RIGHT)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(h("bdi", { dir: "ltr" }, match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

// Read a server-sent event stream (opened with fetch, which carries the token or the session cookie) and hand each
// event's data to `handle`, until the stream ends.
export async function eachEvent(response, handle) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const events = buffer.split("\n\n");
    buffer = events.pop();
    for (const event of events) {
      const data = event.split("\n").find((line) => line.startsWith("data: "));
      if (data) handle(JSON.parse(data.slice(6)));
    }
  }
}
