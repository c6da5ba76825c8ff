// Web chat client: sends messages to /api/chat and renders the neutral replies.
// Everything the server or the user typed is inserted as text (textContent), never as HTML.
"use strict";

(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const storageKey = "madoguchi.session";
  let busy = false;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Text with clickable http(s) links, built node by node so markup in the text stays inert.
  function richText(text) {
    const container = el("div", "text");
    const pattern = /https?:\/\/[^\s<>"'）」]+/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      container.appendChild(document.createTextNode(text.slice(last, match.index)));
      const link = el("a", null, match[0]);
      link.href = match[0];
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      container.appendChild(link);
      last = match.index + match[0].length;
    }
    container.appendChild(document.createTextNode(text.slice(last)));
    return container;
  }

  function scroll() { log.lastElementChild && log.lastElementChild.scrollIntoView({ block: "end" }); }

  function addUser(text) {
    const item = el("li", "msg user");
    item.appendChild(el("div", "text", text));
    log.appendChild(item);
    scroll();
  }

  function ticketCard(ticket) {
    const card = el("div", "ticket");
    card.dataset.reference = ticket.reference;
    const rows = [["受付番号 / Reference", ticket.reference, "reference"]];
    if (ticket.access_code) rows.push(["アクセスコード / Access code", ticket.access_code, "access-code"]);
    const dl = el("dl");
    for (const [label, value, cls] of rows) {
      dl.appendChild(el("dt", null, label));
      dl.appendChild(el("dd", cls, value));
    }
    card.appendChild(dl);
    card.appendChild(el("h3", null, "郵送するもの / To enclose"));
    const list = el("ul", "checklist");
    for (const line of ticket.checklist) list.appendChild(el("li", null, line));
    card.appendChild(list);
    const formLink = el("a", "form-link", "様式 / Form: " + ticket.form_name);
    formLink.href = ticket.form_url;
    card.appendChild(formLink);
    if (ticket.access_code && ticket.filled_form_url) {
      // One click to the pre-filled form: the access code goes in a POST body, never in a URL.
      const download = el("form", "download");
      download.method = "post";
      download.action = "/requests/" + encodeURIComponent(ticket.reference) + "/form.docx";
      const code = el("input");
      code.type = "hidden";
      code.name = "code";
      code.value = ticket.access_code;
      download.appendChild(code);
      const button = el("button", "option", "入力済みの請求書をダウンロード / Download the pre-filled form");
      button.type = "submit";
      download.appendChild(button);
      card.appendChild(download);
    }
    card.appendChild(el("h3", null, "送付先 / Mail to"));
    card.appendChild(el("pre", "address", ticket.mail_to));
    const status = el("a", "status-link", "状況ページ / Status page");
    status.href = ticket.status_url;
    card.appendChild(status);
    return card;
  }

  function addBot(message) {
    const item = el("li", "msg bot " + (message.kind || ""));
    item.lang = message.lang || "ja";
    if (message.ticket) item.appendChild(ticketCard(message.ticket));
    item.appendChild(richText(message.text));
    if (message.sources && message.sources.length) {
      const sources = el("ul", "sources");
      sources.setAttribute("aria-label", "出典 / Sources");
      for (const source of message.sources) {
        sources.appendChild(el("li", "source", "出典 " + source.section + " " + source.title));
      }
      item.appendChild(sources);
    }
    if (message.options && message.options.length) {
      const options = el("div", "options");
      for (const option of message.options) {
        const button = el("button", "option", option.label);
        button.type = "button";
        button.dataset.value = option.value;
        button.addEventListener("click", () => send(option.value, option.label));
        options.appendChild(button);
      }
      item.appendChild(options);
    }
    log.appendChild(item);
    scroll();
  }

  function addError(text) {
    const item = el("li", "msg bot error");
    item.setAttribute("role", "alert");
    item.appendChild(el("div", "text", text));
    log.appendChild(item);
    scroll();
  }

  function describeError(status, body) {
    const detail = body && body.detail;
    if (Array.isArray(detail)) return detail.map((d) => d.msg).join("; ");
    if (typeof detail === "string") return detail;
    return "エラーが発生しました（" + status + "）。 / Something went wrong.";
  }

  // A random id per message (crypto.randomUUID needs a secure context; getRandomValues does not).
  function newMessageId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const RETRY_DELAYS_MS = [500, 1500, 3000];

  // A reply lost on the way (a dropped connection, a server restarting) is asked for again with the
  // same message id, in the body and as Idempotency-Key: the server answers with its first reply and
  // never acts on the message twice (no second ticket).
  async function post(value) {
    const id = newMessageId();
    const request = () => fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": id },
      body: JSON.stringify({ session_id: sessionStorage.getItem(storageKey), message: value, message_id: id }),
    });
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= RETRY_DELAYS_MS.length;
      try {
        const response = await request();
        if (last || ![502, 503, 504].includes(response.status)) return response;
      } catch (err) {
        if (last) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }

  async function send(value, shown) {
    if (busy || !value.trim()) return;
    busy = true;
    sendButton.disabled = true;
    addUser(shown || value);
    try {
      const response = await post(value);
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        addError(describeError(response.status, body));
        return;
      }
      sessionStorage.setItem(storageKey, body.session_id);
      for (const message of body.messages) addBot(message);
    } catch (err) {
      addError("接続できませんでした。もう一度お試しください。 / Could not reach the server; please try again.");
    } finally {
      busy = false;
      sendButton.disabled = false;
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = input.value;
    input.value = "";
    send(value);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  addBot(JSON.parse(log.dataset.welcome));
})();
