/* Docent chat widget. One tag adds it to any page:
 *   <script src="https://HOST/widget.js" data-key="KEY" data-title="Help" data-color="#4f46e5" defer></script>
 * Options (data-*): key (a widget key: ask + feedback scopes), title, color, placeholder, greeting.
 * The widget lives in a shadow root, so the host page's styles do not reach it and its own do not leak. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__docentWidget) return;
  window.__docentWidget = true;
  var base = new URL(script.src, location.href).origin;
  var opt = script.dataset;
  var key = opt.key || "";
  var title = opt.title || "Help";
  var color = /^#[0-9a-fA-F]{3,8}$/.test(opt.color || "") ? opt.color : "#2563eb";
  var placeholder = opt.placeholder || "Ask a question\u2026";
  var greeting = opt.greeting || "Hi! Ask me how to do something and I\u2019ll answer from the docs.";
  var conversationId = null;
  var THUMB = "<svg width='12' height='12' viewBox='0 0 24 24' aria-hidden='true' fill='currentColor'><path d='M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z'/></svg>";

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function inline(s) {
    return esc(s)
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      // A link's text only; its target may hold one level of parentheses (`a_(b)`).
      .replace(/\[([^\]]+)\]\((?:[^()]|\([^()]*\))*\)/g, "$1");
  }
  // Only web links become hrefs: a reply's link is resolved against Docent's origin and kept
  // only when the result is http(s) (never javascript:, data: or anything a browser would run).
  function link(href) {
    try {
      var u = new URL(String(href), base);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : "#";
    } catch (e) { return "#"; }
  }

  function openLink(href) {
    var u = link(href);
    if (u !== "#") window.open(u, "_blank", "noopener");
  }

  // The hand-off may also be an email (`mailto:`, the default `handoff_url`): a mail link runs
  // nothing and opens the mail program in place. Anything else goes through `link`.
  function openHandoff(href) {
    var u;
    try { u = new URL(String(href), base); } catch (e) { return; }
    if (u.protocol === "mailto:") window.open(u.href, "_self");
    else openLink(href);
  }

  var host = document.createElement("div");
  host.id = "docent-widget";
  document.body.appendChild(host);
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" +
    ":host{all:initial;--c:" + color + ";font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:14px;color:#111827}" +
    ".launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:var(--c);color:#fff;font-size:24px;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.25);z-index:2147483000}" +
    ".launcher:focus-visible,button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}" +
    ".panel{position:fixed;right:20px;bottom:88px;width:min(380px,calc(100vw - 40px));height:min(560px,calc(100vh - 120px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.28);overflow:hidden;z-index:2147483000}" +
    ".panel[hidden]{display:none}" +
    "header{display:flex;align-items:center;justify-content:space-between;background:var(--c);color:#fff;padding:12px 14px}" +
    "header h2{font-size:15px;margin:0;font-weight:600}" +
    ".close{background:transparent;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1}" +
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px;background:#f9fafb}" +
    ".msg{max-width:92%;padding:9px 12px;border-radius:12px;line-height:1.5;word-wrap:break-word}" +
    ".user{align-self:flex-end;background:var(--c);color:#fff}" +
    ".bot{align-self:flex-start;background:#fff;border:1px solid #e5e7eb}" +
    ".bot p{margin:0 0 6px}.bot ol,.bot ul{margin:0 0 6px;padding-left:20px}.bot pre{white-space:pre-wrap;background:#f3f4f6;padding:6px;border-radius:6px;margin:0 0 6px}" +
    "sup a{color:var(--c);text-decoration:none;font-weight:600}" +
    ".sources{margin-top:6px;border-top:1px solid #e5e7eb;padding-top:6px;font-size:12px}" +
    ".sources ol{padding-left:18px;margin:2px 0}.sources a{color:var(--c)}" +
    ".row{display:flex;gap:6px;align-items:center;margin-top:8px;flex-wrap:wrap;font-size:12px;color:#6b7280}" +
    ".row button{border:1px solid #d1d5db;background:#fff;border-radius:8px;padding:3px 8px;cursor:pointer;font-size:13px}" +
    ".row button[aria-pressed=true]{background:var(--c);color:#fff;border-color:var(--c)}" +
    ".handoff{color:var(--c)!important;border-color:var(--c)!important}.flip{display:inline-block;transform:rotate(180deg)}" +
    ".error{color:#b91c1c}" +
    "form{display:flex;gap:6px;padding:10px;border-top:1px solid #e5e7eb;background:#fff}" +
    "input{flex:1;border:1px solid #d1d5db;border-radius:8px;padding:8px 10px;font:inherit}" +
    "form button{border:0;background:var(--c);color:#fff;border-radius:8px;padding:8px 12px;font:inherit;cursor:pointer}" +
    "form button:disabled{opacity:.6;cursor:wait}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}" +
    ".log[hidden],form[hidden],.reader[hidden],.rbar a[hidden]{display:none}" +
    ".reader{flex:1;display:flex;flex-direction:column;min-height:0;background:#fff}" +
    ".rbar{display:flex;gap:8px;align-items:center;justify-content:space-between;padding:8px 12px;border-bottom:1px solid #e5e7eb;font-size:13px}" +
    ".rbar button{border:1px solid #d1d5db;background:#fff;border-radius:8px;padding:3px 8px;cursor:pointer;font:inherit}.rbar a{color:var(--c)}" +
    ".doc{flex:1;overflow-y:auto;padding:10px 14px;line-height:1.55}.doc:focus{outline:none}" +
    ".doc h1{font-size:18px;margin:4px 0 8px}.doc h2{font-size:16px;margin:14px 0 6px}.doc h3,.doc h4{font-size:14px;margin:12px 0 4px}" +
    ".doc p,.doc ul,.doc ol{margin:0 0 8px}.doc ul,.doc ol{padding-left:20px}.doc a{color:var(--c)}.doc img{max-width:100%}" +
    ".doc pre{white-space:pre-wrap;background:#f3f4f6;padding:6px;border-radius:6px}.doc table{border-collapse:collapse;font-size:13px;display:block;overflow-x:auto}" +
    ".doc td,.doc th{border:1px solid #e5e7eb;padding:3px 6px;text-align:left}.doc .target{background:#fef9c3}" +
    "</style>" +
    "<button class='launcher' type='button' aria-label='Open " + esc(title) + "' aria-expanded='false' aria-controls='docent-panel'>?</button>" +
    "<section class='panel' id='docent-panel' role='dialog' aria-label='" + esc(title) + "' hidden>" +
    "<header><h2>" + esc(title) + "</h2><button class='close' type='button' aria-label='Close'>\u00d7</button></header>" +
    "<div class='reader' hidden><div class='rbar'><button type='button' class='back'>\u2190 Back to chat</button>" +
    "<a class='page' target='_blank' rel='noopener' hidden>Open as a page</a></div>" +
    "<div class='doc' tabindex='-1' aria-live='polite'></div></div>" +
    "<div class='log' role='log' aria-live='polite'></div>" +
    "<form><label class='sr' for='docent-q'>Your question</label>" +
    "<input id='docent-q' name='q' autocomplete='off' maxlength='1000' placeholder='" + esc(placeholder) + "'>" +
    "<button type='submit'>Ask</button></form></section>";

  var launcher = root.querySelector(".launcher");
  var panel = root.querySelector(".panel");
  var log = root.querySelector(".log");
  var form = root.querySelector("form");
  var input = root.querySelector("input");
  var reader = root.querySelector(".reader");
  var docView = root.querySelector(".doc");
  var pageLink = root.querySelector(".rbar .page");
  var submit = form.querySelector("button");

  function open(show) {
    panel.hidden = !show;
    launcher.setAttribute("aria-expanded", String(show));
    if (show) input.focus(); else launcher.focus();
  }
  launcher.addEventListener("click", function () { open(panel.hidden); });
  root.querySelector(".close").addEventListener("click", function () { open(false); });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") open(false); });

  function bubble(cls, html) {
    var d = document.createElement("div");
    d.className = "msg " + cls;
    d.innerHTML = html;
    log.appendChild(d);
    log.scrollTop = log.scrollHeight;
    return d;
  }
  bubble("bot", "<p>" + esc(greeting) + "</p>");

  function renderPart(part, citation) {
    var sup = "<sup><a href='" + esc(link(citation.link)) + "' target='_blank' rel='noopener' title='" +
      esc(citation.title) + "' aria-label='Source " + citation.n + ": " + esc(citation.title) + "'>[" + citation.n + "]</a></sup>";
    var lines = part.text.split(/\n(?=\s*(?:\d+[.)]|[-*+])\s)/);
    if (part.kind === "steps" || part.kind === "bullets") {
      var tag = part.kind === "steps" ? "ol" : "ul";
      var items = lines.map(function (l) {
        var m = l.trim().match(/^(\d+)[.)]\s+([\s\S]*)$/);
        var text = m ? m[2] : l.trim().replace(/^[-*+]\s+/, "");
        var value = m && tag === "ol" ? " value='" + m[1] + "'" : "";
        return "<li" + value + ">" + inline(text.replace(/\s*\n\s*/g, " ")) + "</li>";
      });
      return "<" + tag + ">" + items.join("") + "</" + tag + ">" + sup;
    }
    if (part.kind === "code") return "<pre>" + esc(part.text) + "</pre>" + sup;
    return "<p>" + inline(part.text) + " " + sup + "</p>";
  }

  function post(path, body) {
    return fetch(base + path, {
      method: "POST",
      headers: { "content-type": "application/json", "x-docent-key": key },
      body: JSON.stringify(body)
    });
  }

  function finish(msg, reply) {
    var cites = reply.citations || [];
    if (!reply.answered) {
      msg.querySelector(".answer").innerHTML = "<p>" + esc(reply.text) + "</p>";
    } else if (reply.parts && reply.parts.length) {
      // The final answer replaces what was streamed: when a model's answer fails half-way and
      // the extractive composer answers instead, the parts already shown are not the answer.
      var byN = {};
      cites.forEach(function (c) { byN[c.n] = c; });
      msg.querySelector(".answer").innerHTML = reply.parts.map(function (p) {
        return renderPart(p, byN[p.citation] || { n: p.citation, link: "#", title: "" });
      }).join("");
    }
    var related = reply.answered ? [] : reply.related || [];
    var list = cites.length ? cites.map(function (c) {
      var last = c.heading_path && c.heading_path.length ? c.heading_path[c.heading_path.length - 1] : "";
      var where = last && last !== c.title ? " \u203a " + last : "";
      return "<li><a href='" + esc(link(c.link)) + "' target='_blank' rel='noopener'>" + esc(c.title + where) + "</a></li>";
    }) : related.map(function (r) {
      return "<li><a href='" + esc(link(r.link)) + "' target='_blank' rel='noopener'>" + esc(r.title) + "</a></li>";
    });
    if (list.length) {
      var s = document.createElement("div");
      s.className = "sources";
      s.innerHTML = (cites.length ? "Sources" : "Closest articles") + "<ol>" + list.join("") + "</ol>";
      msg.appendChild(s);
    }
    var row = document.createElement("div");
    row.className = "row";
    row.innerHTML = (reply.answered
      ? "<span>Helpful?</span><button type='button' class='up' aria-pressed='false' aria-label='Helpful'>" + THUMB + " Yes</button>" +
        "<button type='button' class='down' aria-pressed='false' aria-label='Not helpful'><span class='flip'>" + THUMB + "</span> No</button>"
      : "");
    (reply.actions || []).forEach(function (a) {
      if (a.type === "handoff") {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "handoff";
        b.textContent = a.label;
        b.addEventListener("click", function () {
          post("/v1/handoff", { conversation_id: reply.conversation_id })
            .then(function (r) { return r.json(); })
            .then(function (h) { openHandoff(h.url || a.url); })
            .catch(function () { openHandoff(a.url); });
        });
        row.appendChild(b);
      }
    });
    msg.appendChild(row);
    ["up", "down"].forEach(function (cls) {
      var b = row.querySelector("." + cls);
      if (!b) return;
      b.addEventListener("click", function () {
        row.querySelectorAll(".up,.down").forEach(function (x) { x.disabled = true; });
        b.setAttribute("aria-pressed", "true");
        post("/v1/feedback", { turn_id: reply.turn_id, conversation_id: reply.conversation_id, helpful: cls === "up" }).then(function (r) {
          var t = document.createElement("span");
          t.className = "thanks";
          t.textContent = r.ok ? "Thanks for your feedback." : "Feedback could not be saved.";
          row.appendChild(t);
        });
      });
    });
    log.scrollTop = log.scrollHeight;
  }

  async function ask(question) {
    bubble("user", esc(question));
    var msg = bubble("bot", "<div class='answer' aria-busy='true'>\u2026</div>");
    var answer = msg.querySelector(".answer");
    var started = false;
    var resp;
    try {
      resp = await fetch(base + "/v1/ask", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream", "x-docent-key": key },
        body: JSON.stringify(conversationId ? { question: question, conversation_id: conversationId } : { question: question })
      });
    } catch (e) {
      answer.innerHTML = "<p class='error'>The help service cannot be reached. Please try again later.</p>";
      return;
    }
    if (!resp.ok) {
      var err = await resp.json().catch(function () { return null; });
      answer.innerHTML = "<p class='error'>" + esc(err && err.error ? err.error.message : "Something went wrong (" + resp.status + ").") + "</p>";
      return;
    }
    var reader = resp.body.getReader();
    var decoder = new TextDecoder();
    var buf = "";
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) break;
      buf += decoder.decode(chunk.value, { stream: true });
      var cut;
      while ((cut = buf.indexOf("\n\n")) >= 0) {
        var raw = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        var ev = "message", data = "";
        raw.split("\n").forEach(function (l) {
          if (l.indexOf("event:") === 0) ev = l.slice(6).trim();
          else if (l.indexOf("data:") === 0) data += l.slice(5).replace(/^ /, "");
        });
        if (!data) continue;
        var payload = JSON.parse(data);
        if (ev === "part") {
          if (!started) { answer.innerHTML = ""; started = true; }
          answer.insertAdjacentHTML("beforeend", renderPart(payload.part, payload.citation));
          log.scrollTop = log.scrollHeight;
        } else if (ev === "done") {
          conversationId = payload.conversation_id;
          answer.removeAttribute("aria-busy");
          finish(msg, payload);
        } else if (ev === "error") {
          answer.innerHTML = "<p class='error'>" + esc(payload.error.message) + "</p>";
        }
      }
    }
  }

  // Docs Docent serves open in the panel, read with the widget's key: a customer page has no
  // public page to open (a customer key's citations would 404 in a new tab), and the customer
  // stays in the conversation. Links elsewhere open in a new tab as before.
  function docOf(href) {
    try {
      var u = new URL(String(href), base);
      if (u.origin !== base || u.pathname.indexOf("/docs/") !== 0) return null;
      return { path: u.pathname.slice(6), anchor: decodeURIComponent(u.hash.slice(1)) };
    } catch (e) { return null; }
  }
  // A link inside a doc, resolved against the doc's own page; web and mail links only.
  function docLink(href, here) {
    try {
      var u = new URL(String(href), here);
      return /^(https?|mailto):$/.test(u.protocol) ? u.href : "#";
    } catch (e) { return "#"; }
  }
  function showReader(show) {
    reader.hidden = !show;
    log.hidden = show;
    form.hidden = show;
  }
  var shown = null;
  function scrollToAnchor(anchor) {
    docView.querySelectorAll(".target").forEach(function (t) { t.classList.remove("target"); });
    var at = null;
    docView.querySelectorAll("[id]").forEach(function (el) { if (!at && el.id === anchor) at = el; });
    if (at) { at.classList.add("target"); docView.scrollTop = at.offsetTop - docView.offsetTop - 8; }
    else docView.scrollTop = 0;
  }
  async function openDoc(path, anchor) {
    showReader(true);
    if (shown === path) { scrollToAnchor(anchor); return; }
    shown = null;
    pageLink.hidden = true;
    docView.innerHTML = "<p aria-busy='true'>\u2026</p>";
    docView.focus();
    var resp = null, d = null;
    try {
      resp = await fetch(base + "/v1/docs/" + path, { headers: { "x-docent-key": key } });
      d = await resp.json();
    } catch (e) { d = null; }
    if (!resp || !resp.ok || !d || typeof d.html !== "string") {
      var why = d && d.error ? d.error.message : "This article cannot be shown right now.";
      docView.innerHTML = "<p class='error'>" + esc(why) + "</p>";
      return;
    }
    // Parsed inert (a template loads no image) and every link and image resolved against the
    // doc's page before it is shown; the HTML itself is the server's allow-listed rendering.
    var here = base + "/docs/" + path;
    var t = document.createElement("template");
    t.innerHTML = d.html;
    t.content.querySelectorAll("a[href]").forEach(function (a) {
      var href = docLink(a.getAttribute("href"), here);
      a.setAttribute("href", href);
      if (!docOf(href)) { a.setAttribute("target", "_blank"); a.setAttribute("rel", "noopener noreferrer"); }
    });
    // A doc's image never tells its host which site the customer reads it on.
    t.content.querySelectorAll("img[src]").forEach(function (i) {
      i.setAttribute("referrerpolicy", "no-referrer");
      i.setAttribute("loading", "lazy");
      i.setAttribute("src", link(docLink(i.getAttribute("src"), here)));
    });
    docView.replaceChildren(t.content);
    shown = path;
    if (typeof d.page === "string") { pageLink.href = link(d.page); pageLink.hidden = false; }
    scrollToAnchor(anchor);
  }
  panel.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("a[href]") : null;
    if (!a || a === pageLink) return;
    var d = docOf(a.getAttribute("href"));
    if (!d) return;
    e.preventDefault();
    openDoc(d.path, d.anchor);
  });
  root.querySelector(".back").addEventListener("click", function () {
    showReader(false);
    input.focus();
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value.trim();
    if (!q || submit.disabled) return;
    input.value = "";
    submit.disabled = true;
    ask(q).finally(function () { submit.disabled = false; input.focus(); });
  });
})();
