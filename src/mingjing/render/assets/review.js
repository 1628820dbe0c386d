(function () {
  "use strict";
  var panel = document.getElementById("explain");
  var body = panel.querySelector(".body");
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-f]"));
  var starts = Array.prototype.slice.call(document.querySelectorAll("mark[data-start]"));
  var current = -1;
  var active = null;

  function show(mark) {
    body.innerHTML = "";
    (mark.getAttribute("data-f") || "").split(" ").forEach(function (n) {
      var li = document.getElementById("f" + n);
      if (!li) { return; }
      var item = document.createElement("div");
      item.className = "item";
      item.innerHTML = li.innerHTML;
      var back = item.querySelector("a.back");
      if (back) { back.parentNode.removeChild(back); }
      body.appendChild(item);
    });
    if (active) { active.classList.remove("active"); }
    active = mark;
    mark.classList.add("active");
    panel.hidden = false;
  }

  function hide() {
    panel.hidden = true;
    if (active) { active.classList.remove("active"); active.focus(); active = null; }
  }

  function jump(step) {
    if (!starts.length) { return; }
    current = (current + step + starts.length) % starts.length;
    var mark = starts[current];
    mark.scrollIntoView({ block: "center" });
    mark.focus();
    show(mark);
  }

  marks.forEach(function (mark) {
    mark.addEventListener("click", function () { show(mark); });
    mark.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); show(mark); }
    });
  });
  panel.querySelector(".close").addEventListener("click", hide);
  document.addEventListener("keydown", function (ev) {
    if (ev.target && /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) { return; }
    if (ev.key === "Escape") { hide(); }
    else if (ev.key === "j" || ev.key === "n") { jump(1); }
    else if (ev.key === "k" || ev.key === "p") { jump(-1); }
  });
})();
