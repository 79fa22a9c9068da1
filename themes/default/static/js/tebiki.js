/* tebiki: small page behaviours of the default theme. Loaded with `defer` from the
 * site's own files (no inline script, so the page's Content-Security-Policy holds).
 * Everything here is an enhancement: every page reads and navigates without it.
 *
 * 1. Contents sidebar: mark the section being read (aria-current="location") while
 *    scrolling, and keep that entry visible in the sidebar.
 * 2. On a narrow screen the contents start folded, and fold again after a jump.
 * 3. Print buttons (`button[data-print]`, hidden without this script) print the page.
 */
(function () {
  "use strict";

  var NARROW = "(max-width: 63.99rem)";

  /* Index of the last target whose top is at or above `line` (px from the top of the
   * viewport), or 0 when none is yet: the section being read. */
  function currentIndex(tops, line) {
    var current = 0;
    for (var i = 0; i < tops.length; i++) {
      if (tops[i] <= line) current = i;
      else break;
    }
    return current;
  }

  function setUpContents(toc) {
    var links = Array.prototype.slice.call(toc.querySelectorAll('a[href^="#"]'));
    var targets = links.map(function (a) {
      return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    });
    if (links.length === 0 || targets.indexOf(null) !== -1) return;
    var details = toc.querySelector("details");
    var narrow = window.matchMedia(NARROW);
    if (details && narrow.matches) details.open = false;

    var marked = null;
    function mark() {
      var tops = targets.map(function (t) { return t.getBoundingClientRect().top; });
      var link = links[currentIndex(tops, window.innerHeight * 0.25)];
      if (link === marked) return;
      if (marked) marked.removeAttribute("aria-current");
      link.setAttribute("aria-current", "location");
      marked = link;
      if (!narrow.matches) {
        var box = toc.getBoundingClientRect();
        var r = link.getBoundingClientRect();
        if (r.top < box.top || r.bottom > box.bottom) {
          toc.scrollTop += r.top - box.top - box.height / 3;
        }
      }
    }

    var pending = false;
    function schedule() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; mark(); });
    }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    window.addEventListener("hashchange", schedule);
    links.forEach(function (a) {
      a.addEventListener("click", function () {
        if (details && narrow.matches) details.open = false;
      });
    });
    mark();
  }

  function start() {
    var toc = document.querySelector("nav.toc");
    if (toc) setUpContents(toc);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
      b.hidden = false;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
