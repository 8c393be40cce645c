// Live updates: the server's event stream says "changed"; htmx then re-fetches the inbox list or the
// conversation history (elements with hx-trigger="console-changed from:body"). Without JavaScript the
// pages still work; they just need a reload.
(function () {
  if (!window.EventSource) return;
  var live = document.getElementById("live");
  var source = new EventSource("/console/events");
  source.addEventListener("open", function () { if (live) live.hidden = false; });
  source.addEventListener("error", function () { if (live) live.hidden = true; });
  // A canned response goes into the reply box at the cursor, to edit before sending (without JavaScript
  // the same form reloads the page with it filled in).
  var pick = document.getElementById("canned-pick");
  var box = document.getElementById("reply-text");
  if (pick && box) {
    pick.addEventListener("submit", function (evt) {
      evt.preventDefault();
      var option = pick.querySelector("select").selectedOptions[0];
      if (!option) return;
      var text = option.getAttribute("data-text") || "";
      var start = box.selectionStart, end = box.selectionEnd;
      box.value = box.value.slice(0, start) + text + box.value.slice(end);
      box.focus();
      box.selectionStart = box.selectionEnd = start + text.length;
    });
  }
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
