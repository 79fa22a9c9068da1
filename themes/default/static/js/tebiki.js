/* tebiki: small page behaviours of the default theme. Loaded with `defer` from the
 * site's own files (no inline script, so the page's Content-Security-Policy holds).
 * Everything here is an enhancement: every page reads and navigates without it.
 *
 * 1. Contents sidebar: mark the section being read (aria-current="location") while
 *    scrolling, and keep that entry visible in the sidebar.
 * 2. On a narrow screen the contents start folded, and fold again after a jump.
 * 3. Language switcher in the header: from a section (the one named in the address, or
 *    the one in view) it lands on the same section in the other language — section ids
 *    are ordinal, so `#s3` is the same place in both. (Each section heading also links
 *    to itself in the other languages, without script.)
 * 4. Root page: go to the language the reader chose before, or the first of the
 *    browser's preferred languages the site has; without script both choices show.
 * 5. Print buttons (`button[data-print]`, hidden without this script) print the page.
 */
(function () {
  "use strict";

  var NARROW = "(max-width: 63.99rem)";

  /* A fragment or address part with its %-escapes decoded, or as it is when they are
   * malformed (`#%E0%A4%A`): an address someone typed must never stop the script. */
  function decodePart(text) {
    try {
      return decodeURIComponent(text);
    } catch (e) {
      return text;
    }
  }

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
      return document.getElementById(decodePart(a.getAttribute("href").slice(1)));
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
    links.forEach(function (a, i) {
      a.addEventListener("click", function () {
        if (!details || !narrow.matches) return;
        // The contents fold away on a phone: focus goes on to the section the link
        // leads to, not back to the top of the page.
        details.open = false;
        var target = targets[i];
        if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
        target.focus({ preventScroll: true });
      });
    });
    // On a wide screen the contents are always shown (their summary is a heading there):
    // a key that would fold them opens them again.
    if (details) {
      details.addEventListener("toggle", function () {
        if (!narrow.matches && !details.open) details.open = true;
      });
    }
    mark();
  }

  /* The id of the section being read: the last `section[id]` whose top has passed a
   * quarter of the viewport, or "" above the first one. */
  /* The places of a page that the same page in another language has too: its sections,
   * or a checklist's groups (their headings' ids, `cg-s3`, follow the sections'). */
  var PLACES = "main section[id], main h2[id^='cg-s']";

  function currentSectionId() {
    var sections = document.querySelectorAll(PLACES);
    var line = window.innerHeight * 0.25;
    var id = "";
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getBoundingClientRect().top <= line) id = sections[i].id;
      else if (!sections[i].contains(document.getElementById(id))) break;
    }
    return id;
  }

  function setUpLanguageSwitch(nav) {
    // The section being read: a reader who scrolls back up to the switch passes the
    // sections above it, so the last one the page rested on (a second without scrolling)
    // below its top counts.
    var read = "";
    var resting = 0;
    window.addEventListener("scroll", function () {
      window.clearTimeout(resting);
      resting = window.setTimeout(function () {
        if (window.scrollY > window.innerHeight * 0.5) read = currentSectionId();
      }, 1000);
    }, { passive: true });
    nav.addEventListener("click", function (event) {
      var a = event.target.closest ? event.target.closest("a[hreflang]") : null;
      if (!a) return;
      var hash = decodePart(window.location.hash.slice(1));
      // One guide's print view (`#only-g3`): the print view of the same guide in the
      // other language (its chapter names it), or that language's handbook without it.
      var only = /^only-(g\d+)$/.exec(hash);
      if (only) {
        var chapter = document.getElementById(only[1]);
        var other = chapter && chapter.getAttribute("data-print-" + a.getAttribute("hreflang"));
        a.setAttribute("href", other || a.getAttribute("href").split("#")[0]);
        try { window.localStorage.setItem(PREF_KEY, a.getAttribute("hreflang")); } catch (e) { /* storage refused */ }
        return;
      }
      var named = hash && document.getElementById(hash);
      var here = window.scrollY > window.innerHeight * 0.5 ? currentSectionId() : read;
      // The address's section while the reader is in it; once they have read on to
      // another section, that one (the address is where they came in, not where they are).
      var reading = here && document.getElementById(here);
      var inIt = !named || !reading || named.contains(reading) || reading.contains(named);
      var id = named && named.closest(PLACES) && inIt ? hash : here;
      var base = a.getAttribute("href").split("#")[0].split("?")[0];
      // The search page: the same query in the other language.
      var query = document.getElementById("search-page-results") ? window.location.search : "";
      a.setAttribute("href", base + query + (id ? "#" + id : ""));
      try { window.localStorage.setItem(PREF_KEY, a.getAttribute("hreflang")); } catch (e) { /* storage refused */ }
    });
  }

  var SITE = document.querySelector('meta[name="tebiki-site"]');
  /* Storage key of the reader's language choice, per site (sites opened from disk share
   * one origin). */
  var PREF_KEY = "tebiki:" + (SITE ? SITE.getAttribute("content") : "") + ":lang";

  /* First of the reader's languages (`en-US` matches `en`) that the site offers. */
  function preferredLanguage(wanted, offered) {
    for (var i = 0; i < wanted.length; i++) {
      var w = String(wanted[i]).toLowerCase();
      for (var j = 0; j < offered.length; j++) {
        var o = offered[j].toLowerCase();
        if (w === o || w.split("-")[0] === o) return offered[j];
      }
    }
    return null;
  }

  function chooseLanguage(list) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a[hreflang]"));
    var offered = links.map(function (a) { return a.getAttribute("hreflang"); });
    links.forEach(function (a) {
      a.addEventListener("click", function () {
        try { window.localStorage.setItem(PREF_KEY, a.getAttribute("hreflang")); } catch (e) { /* refused */ }
      });
    });
    var stored = null;
    try { stored = window.localStorage.getItem(PREF_KEY); } catch (e) { /* refused */ }
    var wanted = (stored ? [stored] : []).concat(navigator.languages || [navigator.language || ""]);
    var lang = preferredLanguage(wanted, offered);
    if (lang) window.location.replace(links[offered.indexOf(lang)].href);
  }

  /* A handbook volume opened as one guide's print view (`#only-g3`) shows that guide
   * while the marker is the page's target: a link within the page would make its own
   * target the page's and show every guide. So within such a view, a link to a place on
   * the page goes there without changing the address. */
  function keepOneGuideAlone() {
    document.addEventListener("click", function (event) {
      if (!/^#only-g\d+$/.test(window.location.hash)) return;
      var a = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      if (!a || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var id = decodePart(a.getAttribute("href").slice(1));
      var place = id && document.getElementById(id);
      if (!place || /^only-g\d+$/.test(id)) return;
      event.preventDefault();
      if (!place.hasAttribute("tabindex")) place.setAttribute("tabindex", "-1");
      place.focus({ preventScroll: true });
      place.scrollIntoView();
    });
  }

  /* A page with a base element (the 404 page, served at any address) would send a link
   * to a place on the page (the skip link) to the base: it goes to the place instead. */
  function keepPlacesOnThePage() {
    document.addEventListener("click", function (event) {
      var a = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      var place = a && document.getElementById(decodePart(a.getAttribute("href").slice(1)));
      if (!place || event.defaultPrevented) return;
      event.preventDefault();
      if (!place.hasAttribute("tabindex")) place.setAttribute("tabindex", "-1");
      place.focus();
    });
  }

  function start() {
    if (document.querySelector(".hb-only")) keepOneGuideAlone();
    if (document.querySelector("base[href]")) keepPlacesOnThePage();
    var toc = document.querySelector("nav.toc");
    if (toc) setUpContents(toc);
    var sw = document.querySelector("nav.lang-switch");
    if (sw) setUpLanguageSwitch(sw);
    var choice = document.querySelector("body.page-root .language-list");
    if (choice) chooseLanguage(choice);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
      b.hidden = false;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
