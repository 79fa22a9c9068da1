/* tebiki serve: live reload and the build-error overlay.
 *
 * `tebiki serve` adds this script (as /__tebiki/live-reload.js, with live-reload.css)
 * to the pages it serves; it is never part of a built site. It is an external file and
 * sets no inline style, so the pages' Content-Security-Policy holds, and the overlay is
 * made with DOM calls and text nodes only: a message is never parsed as HTML.
 *
 * The event stream (/__tebiki/events) sends:
 *   hello  {"build": N, "searchPending": B}
 *                        on connecting; a page from another build reloads. The page
 *                        is marked connected, and its search as pending or current
 *                        (the search files follow the pages, with a reload of their own)
 *   reload {"build": N}  a build succeeded
 *   error  {"attempt": A, "problems": [{"file", "line", "column", "message"}]}
 *                        a build failed: the overlay lists the problems over the last
 *                        good page, until the next good build reloads it
 *
 * Under Node (tests/js) the pure functions are exported instead of starting.
 */
(function () {
  "use strict";

  var OVERLAY_ID = "tebiki-serve-overlay";
  var TEXT = {
    en: {
      title: "The build failed",
      kept: "This is the last good build. Fix the problem and save: the page updates by itself.",
      close: "Close"
    },
    ja: {
      title: "ビルドに失敗しました",
      kept: "前回正常にビルドできた版を表示しています。問題を直して保存すると、ページは自動で更新されます。",
      close: "閉じる"
    }
  };

  /* Where a problem is: "file:line:column", "file:line", "file", or "" when unknown. */
  function where(problem) {
    if (!problem.file) return "";
    var at = problem.file;
    if (problem.line != null) {
      at += ":" + problem.line;
      if (problem.column != null) at += ":" + problem.column;
    }
    return at;
  }

  /* What an event asks of a page made by build `pageBuild`: "reload", "overlay" or "none". */
  function action(name, data, pageBuild) {
    if (name === "reload") return "reload";
    if (name === "hello") return data.build !== pageBuild ? "reload" : "none";
    if (name === "error") return "overlay";
    return "none";
  }

  function texts(lang) {
    return TEXT[String(lang || "").slice(0, 2)] || TEXT.en;
  }

  function element(doc, tag, className, text) {
    var e = doc.createElement(tag);
    e.className = className;
    if (text != null) e.textContent = String(text);
    return e;
  }

  function hideOverlay(doc) {
    var old = doc.getElementById(OVERLAY_ID);
    if (old) old.parentNode.removeChild(old);
  }

  /* Shows a failure's problems over the page, replacing an overlay already shown. */
  function showOverlay(doc, failure) {
    hideOverlay(doc);
    var t = texts(doc.documentElement.lang);
    var overlay = element(doc, "div", "tebiki-serve-overlay");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    var panel = element(doc, "div", "tebiki-serve-panel");
    var title = element(doc, "h2", "tebiki-serve-title", t.title);
    title.id = OVERLAY_ID + "-title";
    panel.appendChild(title);
    panel.appendChild(element(doc, "p", "tebiki-serve-kept", t.kept));
    var list = element(doc, "ol", "tebiki-serve-problems");
    (failure.problems || []).forEach(function (problem) {
      var item = element(doc, "li", "tebiki-serve-problem");
      var at = where(problem);
      if (at) item.appendChild(element(doc, "code", "tebiki-serve-where", at));
      item.appendChild(element(doc, "span", "tebiki-serve-message", problem.message));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var close = element(doc, "button", "tebiki-serve-close", t.close);
    close.type = "button";
    close.addEventListener("click", function () { hideOverlay(doc); });
    panel.appendChild(close);
    overlay.appendChild(panel);
    doc.body.appendChild(overlay);
    return overlay;
  }

  function start() {
    var meta = document.querySelector('meta[name="tebiki-serve-build"]');
    var pageBuild = meta ? Number(meta.getAttribute("content")) : NaN;
    var source = new EventSource("/__tebiki/events");
    ["hello", "reload", "error"].forEach(function (name) {
      source.addEventListener(name, function (event) {
        var data = JSON.parse(event.data);
        if (name === "hello") {
          document.documentElement.setAttribute("data-tebiki-serve", "connected");
          document.documentElement.setAttribute("data-tebiki-serve-search", data.searchPending ? "pending" : "current");
        }
        var what = action(name, data, pageBuild);
        if (what === "reload") {
          source.close();
          window.location.reload();
        } else if (what === "overlay") {
          showOverlay(document, data);
        }
      });
    });
  }

  if (typeof document !== "undefined" && typeof EventSource !== "undefined") {
    start();
  } else if (typeof module === "object" && module.exports) {
    module.exports = { where: where, action: action, showOverlay: showOverlay, hideOverlay: hideOverlay };
  }
})();
