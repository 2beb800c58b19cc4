/* The lead page (/lead): the gap report and the tutor's analytics in sandboxed frames, their
 * downloads, and marking topics as not gaps. Served as a file so the page's
 * Content-Security-Policy needs no inline script. */
(function () {
  "use strict";
  var key = document.getElementById("key");
  key.value = sessionStorage.getItem("docent-lead-key") || "";
  function headers(json) {
    var h = { "x-docent-key": key.value.trim() };
    if (json) h["content-type"] = "application/json";
    return h;
  }
  function call(method, path, body) {
    return fetch(path, { method: method, headers: headers(!!body), body: body ? JSON.stringify(body) : undefined })
      .then(function (r) {
        if (!r.ok) return r.json().then(function (v) { throw new Error(v.error ? v.error.message : r.status); });
        return r.status === 204 ? "" : r.text();
      });
  }
  function url(format) {
    var u = "/v1/gaps?format=" + format + "&period=" + document.getElementById("period").value;
    var d = document.getElementById("asof").value;
    return d ? u + "&as_of=" + d : u;
  }
  function analyticsUrl(format) {
    var u = "/v1/analytics?format=" + format + "&period=" + document.getElementById("aperiod").value;
    var f = document.getElementById("afrom").value, t = document.getElementById("ato").value;
    if (f) u += "&from=" + f;
    if (t) u += "&to=" + t;
    return u;
  }
  function download(text, name) {
    var l = document.createElement("a");
    l.href = URL.createObjectURL(new Blob([text]));
    l.download = name;
    l.click();
  }
  function item(text, button, onClick) {
    var li = document.createElement("li");
    li.textContent = text + " ";
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = button;
    b.addEventListener("click", function () { onClick(b); });
    li.appendChild(b);
    return li;
  }
  function showDismissed() {
    var list = document.getElementById("dismissed");
    return call("GET", "/v1/gaps/dismissed").then(function (text) {
      list.textContent = "";
      JSON.parse(text).dismissed.forEach(function (d) {
        list.appendChild(item(d.label + (d.reason ? " (" + d.reason + ")" : ""), "Undo", function () {
          call("DELETE", "/v1/gaps/dismissed/" + d.id).then(showDismissed);
        }));
      });
    });
  }
  function showTopics(report) {
    var list = document.getElementById("topics");
    list.textContent = "";
    var shown = report.gaps.map(function (g) { return [g.rank + ". ", g]; });
    report.languages.forEach(function (l) {
      shown = shown.concat(l.gaps.map(function (g) { return [g.rank + ". ", g]; }));
    });
    report.early.concat.apply(report.early, report.languages.map(function (l) { return l.early; }))
      .forEach(function (g) { shown.push(["early signal: ", g]); });
    shown.forEach(function (pair) {
      var g = pair[1];
      list.appendChild(item(pair[0] + g.label + " [" + g.language + "]", "Not a gap", function (b) {
        b.disabled = true;
        call("POST", "/v1/gaps/dismissed", { label: g.label, key: g.key }).then(showDismissed);
      }));
    });
  }
  document.getElementById("go").addEventListener("click", function () {
    sessionStorage.setItem("docent-lead-key", key.value.trim());
    var state = document.getElementById("state");
    state.textContent = "building…";
    call("GET", url("html")).then(function (html) {
      document.getElementById("report").srcdoc = html;
      state.textContent = "";
      return call("GET", url("json"));
    }).then(function (json) {
      showTopics(JSON.parse(json));
      return showDismissed();
    }).catch(function (e) { state.textContent = e.message; });
  });
  document.querySelectorAll("a[data-format]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      call("GET", url(a.dataset.format)).then(function (text) {
        download(text, "gaps." + (a.dataset.format === "markdown" ? "md" : a.dataset.format));
      });
    });
  });
  document.getElementById("ago").addEventListener("click", function () {
    sessionStorage.setItem("docent-lead-key", key.value.trim());
    var state = document.getElementById("astate");
    state.textContent = "counting…";
    call("GET", analyticsUrl("html")).then(function (html) {
      document.getElementById("analytics").srcdoc = html;
      state.textContent = "";
    }).catch(function (e) { state.textContent = e.message; });
  });
  document.querySelectorAll("a[data-analytics]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      call("GET", analyticsUrl(a.dataset.analytics)).then(function (text) {
        download(text, "analytics." + a.dataset.analytics);
      });
    });
  });
})();
