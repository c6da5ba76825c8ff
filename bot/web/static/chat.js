// Web chat client: sends messages to /api/chat and renders the neutral replies.
// Everything the server or the user typed is inserted as text (textContent), never as HTML.
"use strict";

(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const jump = document.getElementById("jump");
  // The session id travels in an HttpOnly cookie; this copy only covers browsers that refuse cookies.
  let sessionId = null;
  let busy = false;
  let follow = true; // keep the newest message in view, unless the reader scrolled up to read

  // The card's wording, one dictionary per language, from the server's message catalog; a reply says
  // which language it is in, and a language the page has no words for gets the default language's.
  const WORDS = JSON.parse(log.dataset.words || "{}");
  const DEFAULT_LANG = log.dataset.defaultLang;
  const known = (lang) => (Object.prototype.hasOwnProperty.call(WORDS, lang) ? lang : DEFAULT_LANG);
  const words = (lang) => WORDS[known(lang)];
  const pageLang = () => {
    const last = log.querySelector("li.bot:last-of-type");
    return known(last && last.lang);
  };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Text with clickable links, built node by node so markup in the text stays inert. Form links
  // download in place; other pages open in a new tab so the conversation stays where it is.
  function richText(text, lang) {
    const container = el("div", "text");
    const pattern = /https?:\/\/[^\s<>"'）」]+/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      container.appendChild(document.createTextNode(text.slice(last, match.index)));
      const link = el("a", null, match[0]);
      link.href = match[0];
      if (/\.docx$/.test(match[0])) {
        link.setAttribute("download", "");
      } else {
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.appendChild(el("span", "visually-hidden", words(lang).new_tab));
      }
      container.appendChild(link);
      last = match.index + match[0].length;
    }
    container.appendChild(document.createTextNode(text.slice(last)));
    return container;
  }

  // The web shows citations as chips; the text's own closing citation line would say it twice.
  function withoutCitationLine(text, sources) {
    if (!sources || !sources.length) return text;
    const lines = text.split("\n");
    if (/^[（(](根拠：|Source: )/.test(lines[lines.length - 1])) lines.pop();
    return lines.join("\n").trimEnd();
  }

  function copyButton(value, lang, valueNode) {
    const button = el("button", "copy", words(lang).copy);
    button.type = "button";
    button.setAttribute("aria-label", words(lang).copy + ": " + value);
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(value);
        button.textContent = words(lang).copied;
      } catch (err) {
        // No clipboard on plain-http intranet hosts: select the text so Ctrl+C copies it.
        const range = document.createRange();
        range.selectNodeContents(valueNode);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = words(lang).copy_failed;
      }
    });
    return button;
  }

  function ticketCard(ticket, lang) {
    const w = words(lang);
    const card = el("div", "ticket");
    card.dataset.reference = ticket.reference;
    const codes = el("dl", "codes");
    const rows = [[w.reference, ticket.reference, "reference"]];
    if (ticket.access_code) rows.push([w.access_code, ticket.access_code, "access-code"]);
    for (const [label, value, cls] of rows) {
      codes.appendChild(el("dt", null, label));
      const dd = el("dd");
      const valueNode = el("span", "code " + cls, value);
      dd.appendChild(valueNode);
      dd.appendChild(copyButton(value, lang, valueNode));
      codes.appendChild(dd);
    }
    card.appendChild(codes);
    if (ticket.access_code) card.appendChild(el("p", "save-hint", w.save));
    card.appendChild(el("h3", null, w.enclose));
    const list = el("ul", "checklist");
    for (const line of ticket.checklist) list.appendChild(el("li", null, line));
    card.appendChild(list);
    if (ticket.fee_yen === 0) card.appendChild(el("p", "fee", w.no_fee));
    const forms = el("div", "form-actions");
    const blank = el("a", "form-link", w.blank_form);
    blank.href = ticket.form_url;
    blank.setAttribute("download", "");
    forms.appendChild(blank);
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
      const button = el("button", "primary", w.filled_form);
      button.type = "submit";
      download.appendChild(button);
      forms.appendChild(download);
    }
    card.appendChild(forms);
    card.appendChild(el("h3", null, w.mail_to));
    card.appendChild(el("pre", "address", ticket.mail_to));
    if (ticket.next_step) card.appendChild(el("p", "next-step", ticket.next_step));
    const status = el("a", "status-link", w.status_page);
    status.href = ticket.status_url;
    status.target = "_blank";
    status.rel = "noopener noreferrer";
    card.appendChild(status);
    return card;
  }

  function addUser(text) {
    const item = el("li", "msg user");
    item.appendChild(el("div", "text", text));
    log.appendChild(item);
    return item;
  }

  function addBot(message) {
    const lang = known(message.lang);
    const item = el("li", "msg bot " + (message.kind || ""));
    item.lang = lang;
    if (message.kind === "ticket" && message.ticket) {
      // The card carries every fact of the kit; of the text only its opening sentence is needed.
      item.appendChild(el("div", "text lead", message.text.split("\n")[0]));
      item.appendChild(ticketCard(message.ticket, lang));
    } else {
      item.appendChild(richText(withoutCitationLine(message.text, message.sources), lang));
    }
    if (message.sources && message.sources.length) {
      const sources = el("ul", "sources");
      sources.setAttribute("aria-label", words(lang).sources);
      for (const source of message.sources) {
        sources.appendChild(el("li", "source", words(lang).sources + " " + source.section + " " + source.title));
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
    if (message.rateable && !message.rated) offerRating(item, lang);
    return item;
  }

  // ----- rating an answer (役に立った／役に立たなかった): only the newest answer can be rated -------------
  const FEEDBACK = JSON.parse(log.dataset.feedback || "{}");
  const feedbackWords = (lang) => FEEDBACK[known(lang)] || {};
  let feedbackCount = 0;

  async function sendFeedback(payload) {
    try {
      const response = await fetch("/api/chat/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ session_id: sessionId, ...payload }),
      });
      return response.status === 204;
    } catch (err) {
      return false;
    }
  }

  function commentForm(bar, lang) {
    const w = feedbackWords(lang);
    const form = el("form", "feedback-comment");
    const id = "feedback-comment-" + (++feedbackCount);
    const label = el("label", null, w.comment_prompt);
    label.htmlFor = id;
    const box = el("textarea");
    box.id = id;
    box.rows = 2;
    box.maxLength = 1000;
    const button = el("button", "rate", w.comment_send);
    button.type = "submit";
    form.append(label, box, button);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!box.value.trim()) return;
      button.disabled = true;
      const ok = await sendFeedback({ helpful: false, comment: box.value });
      if (ok) form.replaceWith(el("p", "feedback-thanks", w.comment_thanks));
      else button.disabled = false;
    });
    return form;
  }

  function feedbackBar(lang) {
    const w = feedbackWords(lang);
    const bar = el("div", "feedback");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", w.ask);
    bar.appendChild(el("span", "feedback-ask", w.ask));
    const status = el("p", "feedback-status");
    status.setAttribute("role", "status");
    for (const [helpful, label] of [[true, w.yes], [false, w.no]]) {
      const button = el("button", "rate", label);
      button.type = "button";
      button.dataset.helpful = String(helpful);
      button.addEventListener("click", async () => {
        bar.querySelectorAll("button.rate").forEach((b) => { b.disabled = true; });
        if (!(await sendFeedback({ helpful }))) {
          status.textContent = w.failed;
          bar.querySelectorAll("button.rate").forEach((b) => { b.disabled = false; });
          return;
        }
        bar.classList.add("done");
        bar.replaceChildren(status);
        status.textContent = w.thanks;
        if (!helpful) bar.appendChild(commentForm(bar, lang));
      });
      bar.appendChild(button);
    }
    bar.appendChild(status);
    return bar;
  }

  // A newer answer arrived: the older answer's unused rating buttons go (the API rates the newest).
  function offerRating(item, lang) {
    log.querySelectorAll(".feedback:not(.done)").forEach((bar) => bar.remove());
    item.appendChild(feedbackBar(lang));
  }

  function addError(text) {
    const item = el("li", "msg bot error");
    item.setAttribute("role", "alert");
    item.appendChild(el("div", "text", text));
    log.appendChild(item);
    return item;
  }

  // ----- scrolling: the newest message stays in view above the input box --------------------------
  const bottomGap = () => document.documentElement.scrollHeight - (window.scrollY + window.innerHeight);
  window.addEventListener("scroll", () => {
    follow = bottomGap() < 48;
    if (follow) jump.hidden = true;
  }, { passive: true });

  function reveal(item) {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const top = item ? item.getBoundingClientRect().top : 0;
    // Taller than the room above the input box: show where it starts (a ticket's reference and code first).
    if (top < 8) window.scrollBy(0, top - 8);
  }

  function arrived(item) {
    if (follow) reveal(item);
    else jump.hidden = false;
  }

  jump.addEventListener("click", () => {
    jump.hidden = true;
    follow = true;
    reveal(log.lastElementChild);
    input.focus();
  });

  function describeError(status, body, lang) {
    const detail = body && body.detail;
    if (Array.isArray(detail)) return detail.map((d) => d.msg).join("; ");
    if (typeof detail === "string") return detail;
    return words(lang).error + " (" + status + ")";
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
    const payload = JSON.stringify({ session_id: sessionId, message: value, keep_transcript: true, message_id: id });
    const request = () => fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": id },
      credentials: "same-origin",
      body: payload,
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
    follow = true; // whoever sends a message wants to see the answer
    reveal(addUser(shown || value));
    const lang = pageLang();
    try {
      const response = await post(value);
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        arrived(addError(describeError(response.status, body, lang)));
        return;
      }
      sessionId = body.session_id;
      let last = null;
      for (const message of body.messages) last = addBot(message);
      arrived(last);
    } catch (err) {
      arrived(addError(words(lang).offline));
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

  // The greeting, then what this session already said (restored from the server), without announcing it.
  const live = document.getElementById("live");
  live.setAttribute("aria-busy", "true");
  addBot(JSON.parse(log.dataset.welcome));
  let last = null;
  for (const entry of JSON.parse(log.dataset.transcript || "[]")) {
    last = entry.role === "user" ? addUser(entry.text) : addBot(entry);
  }
  live.setAttribute("aria-busy", "false");
  if (last) reveal(last);
})();
