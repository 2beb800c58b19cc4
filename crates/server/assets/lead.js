/* The lead page (/lead): the gap report in a sandboxed frame, and its downloads. Served as a
 * file so the page's Content-Security-Policy needs no inline script. */
(function () {
  "use strict";
  var key = document.getElementById("key");
  key.value = sessionStorage.getItem("docent-lead-key") || "";
  function url(format) {
    var u = "/v1/gaps?format=" + format + "&period=" + document.getElementById("period").value;
    var d = document.getElementById("asof").value;
    return d ? u + "&as_of=" + d : u;
  }
  function fetchReport(format) {
    return fetch(url(format), { headers: { "x-docent-key": key.value.trim() } }).then(function (r) {
      if (!r.ok) return r.json().then(function (v) { throw new Error(v.error ? v.error.message : r.status); });
      return r.text();
    });
  }
  document.getElementById("go").addEventListener("click", function () {
    sessionStorage.setItem("docent-lead-key", key.value.trim());
    var state = document.getElementById("state");
    state.textContent = "building…";
    fetchReport("html").then(function (html) {
      document.getElementById("report").srcdoc = html;
      state.textContent = "";
    }).catch(function (e) { state.textContent = e.message; });
  });
  document.querySelectorAll("a[data-format]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      fetchReport(a.dataset.format).then(function (text) {
        var l = document.createElement("a");
        l.href = URL.createObjectURL(new Blob([text]));
        l.download = "gaps." + (a.dataset.format === "markdown" ? "md" : a.dataset.format);
        l.click();
      });
    });
  });
})();
