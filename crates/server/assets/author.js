/* The author page (/author): quiz drafts, item review and export. Served as a file so the
 * page's Content-Security-Policy needs no inline script. */
(function () {
  "use strict";
  var keyInput = document.getElementById("key");
  keyInput.value = sessionStorage.getItem("docent-author-key") || "";
  function key() { return keyInput.value.trim(); }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return {"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;","'":"&#39;"}[c]; }); }
  function api(method, path, body) {
    return fetch(path, { method: method, headers: { "content-type": "application/json", "x-docent-key": key() },
      body: body ? JSON.stringify(body) : undefined }).then(function (r) {
      return r.json().then(function (v) { if (!r.ok) throw new Error(v.error ? v.error.message : r.status); return v; });
    });
  }
  function list() {
    api("GET", "/v1/quizzes").then(function (v) {
      document.getElementById("key-state").textContent = "key accepted";
      document.getElementById("list").innerHTML = v.quizzes.map(function (q) {
        return "<li><a href='#" + esc(q.id) + "' data-id='" + esc(q.id) + "'>" + esc(q.title) + "</a> — " + q.items +
          " items, " + q.approved + " approved, " + q.rejected + " rejected</li>";
      }).join("") || "<li>No drafts yet.</li>";
    }).catch(function (e) { document.getElementById("key-state").textContent = e.message; });
  }
  function show(id) {
    api("GET", "/v1/quizzes/" + encodeURIComponent(id)).then(function (q) {
      var html = "<h2>" + esc(q.title) + "</h2><p>Scope: " + esc(q.scope) + ". Export: " +
        ["gift", "qti", "aiken", "markdown", "csv", "json"].map(function (f) {
          return "<button type='button' class='export' data-format='" + f + "'>" + f + "</button>";
        }).join("") + " <span id='export-state' role='status'></span></p>";
      q.items.forEach(function (it) {
        var opts = it.options.map(function (o, i) {
          var mark = it.key.indexOf(i) >= 0 ? (it.kind === "ordering" ? "#" + (it.key.indexOf(i) + 1) + " " : "✔ ") : "";
          return "<li>" + esc(mark) + "<input class='opt' data-i='" + i + "' value='" + esc(o) + "' size='60'></li>";
        }).join("");
        html += "<div class='item " + it.status + (it.stale ? " stale" : "") + "' data-item='" + esc(it.id) + "'>" +
          "<div class='meta'>" + esc(it.id) + " · " + esc(it.kind) + " · difficulty " + it.difficulty + " · " + esc(it.level) +
          " · " + esc(it.status) + (it.stale ? " · source changed: review" : "") + "</div>" +
          "<label class='sr'>Stem</label><textarea rows='2' class='stem'>" + esc(it.stem) + "</textarea>" +
          (opts ? "<ol>" + opts + "</ol>" : "<p>Answer: " + esc(it.answers.join(" | ")) + "</p>") +
          "<p class='meta'>" + esc(it.explanation) + "<br>Source: " + esc(it.source.title) + " (" + esc(it.source.doc_id) + ")</p>" +
          "<button type='button' class='save'>Save edit</button><button type='button' class='approve'>Approve</button>" +
          "<button type='button' class='reject'>Reject</button><span class='state' role='status'></span></div>";
      });
      var box = document.getElementById("quiz");
      box.innerHTML = html;
      box.dataset.id = q.id;
    }).catch(function (e) { alert(e.message); });
  }
  document.getElementById("save-key").addEventListener("click", function () {
    sessionStorage.setItem("docent-author-key", key()); list();
  });
  document.getElementById("new").addEventListener("submit", function (e) {
    e.preventDefault();
    var state = document.getElementById("new-state");
    state.textContent = "drafting…";
    api("POST", "/v1/quizzes", { scope: document.getElementById("scope").value, count: +document.getElementById("count").value })
      .then(function (q) { state.textContent = q.note || q.items.length + " items drafted"; list(); show(q.id); })
      .catch(function (err) { state.textContent = err.message; });
  });
  document.getElementById("list").addEventListener("click", function (e) {
    var id = e.target.dataset && e.target.dataset.id; if (id) { e.preventDefault(); show(id); }
  });
  document.getElementById("quiz").addEventListener("click", function (e) {
    var box = document.getElementById("quiz"), t = e.target;
    if (t.classList.contains("export")) {
      var note = document.getElementById("export-state"), name;
      fetch("/v1/quizzes/" + encodeURIComponent(box.dataset.id) + "/export?format=" + t.dataset.format, { headers: { "x-docent-key": key() } })
        .then(function (r) {
          if (!r.ok) return r.json().then(function (v) { throw new Error(v.error ? v.error.message : r.status); });
          // What the file could not hold is said, never dropped silently.
          var left = r.headers.get("x-docent-left-out"), held = r.headers.get("x-docent-exported");
          note.textContent = t.dataset.format + ": " + (held || "") + " items exported" + (left ? "; left out: " + left : "");
          // The server's file name (quiz-....qti.zip, ....aiken.txt), not the format's name.
          var m = /filename="([^"]+)"/.exec(r.headers.get("content-disposition") || "");
          name = m ? m[1] : box.dataset.id + "." + t.dataset.format;
          return r.blob();
        }).then(function (b) {
          var a = document.createElement("a"); a.href = URL.createObjectURL(b); a.download = name; a.click();
        }).catch(function (err) { note.textContent = err.message; });
      return;
    }
    var div = t.closest(".item"); if (!div) return;
    var body = {};
    if (t.classList.contains("save")) {
      body.stem = div.querySelector(".stem").value;
      var opts = div.querySelectorAll(".opt");
      if (opts.length) body.options = Array.prototype.map.call(opts, function (o) { return o.value; });
    } else if (t.classList.contains("approve")) body.status = "approved";
    else if (t.classList.contains("reject")) body.status = "rejected";
    else return;
    api("PATCH", "/v1/quizzes/" + encodeURIComponent(box.dataset.id) + "/items/" + encodeURIComponent(div.dataset.item), body)
      .then(function (v) {
        div.className = "item " + v.item.status;
        div.querySelector(".state").textContent = v.validation === "ok" ? " saved" : " saved, but check: " + v.validation;
        list();
      }).catch(function (err) { div.querySelector(".state").textContent = err.message; });
  });
  if (key()) list();
})();
