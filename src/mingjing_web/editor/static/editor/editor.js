// 明镜 editor: show the framework's requirement for the aspect being written (every one shows without script).
(function () {
  "use strict";
  function focusGroup(id) {
    var reqs = document.querySelectorAll("[data-req-group]");
    if (!reqs.length) return;
    var any = false;
    reqs.forEach(function (r) { var on = r.getAttribute("data-req-group") === id; r.hidden = !on; any = any || on; });
    if (!any) reqs.forEach(function (r) { r.hidden = false; });
  }
  document.addEventListener("focusin", function (event) {
    var group = event.target.closest && event.target.closest("[data-group]");
    if (group) focusGroup(group.getAttribute("data-group"));
  });
})();
