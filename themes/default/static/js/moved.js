/* tebiki: on a moved page (a guide's old address, its alias), go on to the new address
 * keeping the #fragment of the old one, which the page's <meta http-equiv="refresh">
 * drops: `old-slug/#s3` lands on `new-slug/#s3`. Loaded without `defer` after that
 * meta, so it runs before the refresh; without script the refresh and the link still
 * lead on, to the top of the page. A target that has a fragment of its own (a print
 * view's `#only-g3`) is left to the refresh. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="tebiki-moved"]');
  if (!meta || !location.hash || meta.content.indexOf("#") >= 0) return;
  location.replace(meta.content + location.hash);
})();
