// The power / interest grid: drag a dot, or focus it and use the arrow keys; each move is
// saved through the API (the page's session and CSRF token) and joins the person's trail.
// Without this file every position can be typed or moved step by step in the table.
(function () {
  "use strict";

  const svg = document.getElementById("grid");
  if (!svg) return;
  const status = document.getElementById("grid-status");
  const lang = document.documentElement.lang || "en";
  const one = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const clamp = (v) => Math.min(10, Math.max(0, Math.round(v * 10) / 10));

  function say(template, values, error) {
    status.textContent = template.replace(/\{(\w+)\}/g, (_, key) => values[key] !== undefined ? values[key] : "");
    status.classList.toggle("sh-error", Boolean(error));
  }

  function csrf() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? cookie.split("=")[1] : "";
  }

  function place(dot, power, interest) {
    dot.dataset.power = String(clamp(power));
    dot.dataset.interest = String(clamp(interest));
    dot.querySelector("g").setAttribute("transform", "translate(" + clamp(interest) * 10 + " " + (10 - clamp(power)) * 10 + ")");
  }

  function words(dot) {
    return { name: dot.dataset.name, power: one.format(+dot.dataset.power), interest: one.format(+dot.dataset.interest) };
  }

  function save(dot, before) {
    dot.classList.add("sh-saving");
    fetch(svg.dataset.api + dot.dataset.id + "/grid", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ power: +dot.dataset.power, interest: +dot.dataset.interest }),
    }).then((response) => response.json().then((body) => ({ ok: response.ok, body: body })))
      .then((answer) => {
        dot.classList.remove("sh-saving");
        if (answer.ok) {
          const w = words(dot);
          dot.setAttribute("aria-label", svg.dataset.moving.replace(/\{(\w+)\}/g, (_, key) => w[key]));
          say(svg.dataset.saved, words(dot));
        } else {
          place(dot, before.power, before.interest);
          const reason = (answer.body.errors || []).map((e) => e.reason).join(" ");
          say(svg.dataset.failed, { name: dot.dataset.name, reason: reason }, true);
        }
      })
      .catch(() => {
        dot.classList.remove("sh-saving");
        place(dot, before.power, before.interest);
        say(svg.dataset.failed, { name: dot.dataset.name, reason: "" }, true);
      });
  }

  function pointIn(event) {
    const p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }

  svg.querySelectorAll(".sh-dot").forEach((dot) => {
    let start = null;
    let moved = false;

    dot.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      start = { power: +dot.dataset.power, interest: +dot.dataset.interest, x: event.clientX, y: event.clientY };
      moved = false;
      dot.setPointerCapture(event.pointerId);
      dot.classList.add("sh-dragging");
    });
    dot.addEventListener("pointermove", (event) => {
      if (!start) return;
      if (!moved && Math.hypot(event.clientX - start.x, event.clientY - start.y) < 4) return;
      moved = true;
      const p = pointIn(event);
      place(dot, 10 - p.y / 10, p.x / 10);
      say(svg.dataset.moving, words(dot));
    });
    const end = () => {
      if (!start) return;
      dot.classList.remove("sh-dragging");
      if (moved) save(dot, start);
      start = null;
    };
    dot.addEventListener("pointerup", end);
    dot.addEventListener("pointercancel", end);
    // A drag is no click: the dot's link opens the person's page only when clicked.
    dot.addEventListener("click", (event) => {
      if (moved) {
        event.preventDefault();
        moved = false;
      }
    });

    let pending = null;
    let before = null;
    dot.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? 1 : 0.5;
      const moves = { ArrowUp: [step, 0], ArrowDown: [-step, 0], ArrowRight: [0, step], ArrowLeft: [0, -step] };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      if (!before) before = { power: +dot.dataset.power, interest: +dot.dataset.interest };
      place(dot, +dot.dataset.power + move[0], +dot.dataset.interest + move[1]);
      say(svg.dataset.moving, words(dot));
      clearTimeout(pending);
      pending = setTimeout(() => {
        save(dot, before);
        before = null;
      }, 600);
    });
  });
})();
