// Live updates: the server's event stream says "changed"; htmx then re-fetches the inbox list or the
// conversation history (elements with hx-trigger="console-changed from:body"). Without JavaScript the
// pages still work; they just need a reload.
(function () {
  if (!window.EventSource) return;
  var live = document.getElementById("live");
  var source = new EventSource("/console/events");
  source.addEventListener("open", function () { if (live) live.hidden = false; });
  source.addEventListener("error", function () { if (live) live.hidden = true; });
  source.addEventListener("changed", function () {
    document.body.dispatchEvent(new Event("console-changed"));
  });
  // Never replace a fragment someone is working in (an open correction form inside the history).
  document.body.addEventListener("htmx:beforeSwap", function (evt) {
    var active = document.activeElement;
    var typing = active && evt.detail.target.contains(active) && /INPUT|TEXTAREA|SELECT/.test(active.tagName);
    if (typing || evt.detail.target.querySelector("details[open]")) {
      evt.detail.shouldSwap = false;
    }
    if (evt.detail.xhr && evt.detail.xhr.status === 401) {
      evt.detail.shouldSwap = false;
    }
  });
})();
