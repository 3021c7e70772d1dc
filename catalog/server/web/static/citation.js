// Copy buttons of the citation blocks. Without this script (or a clipboard) the buttons stay hidden and the
// citation text is still there to select; the policy of the pages allows only scripts from this site. What the
// status says comes from the button (data-copied, data-failed), written in the page's language.
(function () {
  "use strict";
  if (!navigator.clipboard || !navigator.clipboard.writeText) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.replace(/\s+/g, " ").trim()).then(function () {
        if (status) status.textContent = button.getAttribute("data-copied");
      }, function () {
        if (status) status.textContent = button.getAttribute("data-failed");
      });
    });
  });
})();
