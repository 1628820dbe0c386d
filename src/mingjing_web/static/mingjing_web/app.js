// 明镜: small progressive enhancements. Every page works without this script.
(function () {
  "use strict";
  function checkSize(form) {
    var input = form.querySelector("input[type=file][data-max-bytes]");
    var box = form.querySelector("[data-size-error]");
    if (!input || !input.files || !input.files.length || !box) return true;
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    if (input.files[0].size > limit) {
      box.textContent = "文件超过 " + Math.round(limit / 1048576) + " MB，请删去图片等内容或另存为 .txt 后再上传。";
      box.hidden = false;
      input.focus();
      return false;
    }
    box.hidden = true;
    return true;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-upload")) return;
    if (!checkSize(form)) { event.preventDefault(); return; }
    var button = form.querySelector("button[type=submit]");
    if (button && button.getAttribute("data-busy-text")) {
      // Disable after the submit has been dispatched so the button's value is still sent.
      setTimeout(function () { button.disabled = true; button.textContent = button.getAttribute("data-busy-text"); }, 0);
    }
  });

  // htmx swaps only 2xx answers by default, so a refused htmx form (400 bad input, 403, 409 stale)
  // showed nothing. A 4xx answer whose body is a fragment is the form shown again with its error and
  // the input kept: swap it as a 200 would be. A whole page (the 403/404/CSRF error pages) never goes
  // inside a fragment's place, an empty body changes nothing, and 5xx answers stay unswapped.
  function isFragment(body) {
    return typeof body === "string" && body.trim() !== "" && !/^\s*(<!doctype|<html)/i.test(body);
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var status = detail.xhr ? detail.xhr.status : 0;
    if (status >= 400 && status < 500 && isFragment(detail.serverResponse)) {
      detail.shouldSwap = true;
      detail.isError = false; // an answered refusal, not a failure: no htmx:responseError
    }
  });
})();
