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
})();
