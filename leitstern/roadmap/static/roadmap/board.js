// The roadmap board's drag and drop. Dragging a card to another horizon asks why (the
// history keeps it); within a column it just reorders. Everything also works without this
// file: the ↑ ↓ buttons on each card and its "Move" page do the same.
(function () {
  "use strict";

  function csrf() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : "";
  }

  function board() {
    return document.querySelector("[data-board]");
  }

  function refresh() {
    const root = board();
    if (root && window.htmx) {
      window.htmx.ajax("GET", root.dataset.url, { target: "#board", swap: "outerHTML" });
    } else {
      window.location.reload();
    }
  }

  function send(card, fields) {
    const body = new FormData();
    Object.keys(fields).forEach((name) => body.append(name, fields[name] || ""));
    return fetch(card.dataset.drop, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "X-Requested-With": "fetch" },
    }).then((response) => response.json());
  }

  function showErrors(dialog, errors) {
    // The message places carry no error class or alert role until they hold a message.
    dialog.querySelectorAll("[data-error]").forEach((p) => {
      p.textContent = "";
      p.classList.remove("error");
      p.removeAttribute("role");
    });
    Object.keys(errors || {}).forEach((name) => {
      const messages = [].concat(errors[name]).map((e) => (e && e.message) || e);
      const target =
        dialog.querySelector('[data-error="' + name + '"]') ||
        dialog.querySelector('[data-error="__all__"]');
      if (name === "limit_reason") {
        dialog.querySelector("[data-limit]").classList.remove("hidden");
      }
      if (target) {
        target.textContent = messages.join(" ");
        target.classList.add("error");
        target.setAttribute("role", "alert");
      }
    });
  }

  function ask(card, fields) {
    const dialog = document.getElementById("move-dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      window.location.href = card.dataset.move + "?to=" + encodeURIComponent(fields.horizon);
      return;
    }
    const form = dialog.querySelector("form");
    form.reset();
    showErrors(dialog, {});
    dialog.querySelector("[data-title]").textContent = card.dataset.title;
    dialog.querySelector("[data-target]").textContent =
      board().querySelector('[data-horizon="' + fields.horizon + '"]').dataset.label;
    dialog.querySelector("[data-revisit]").classList.toggle("hidden", fields.horizon !== "parked");
    dialog.querySelector("[data-limit]").classList.add("hidden");
    let sent = false;
    form.onsubmit = function (event) {
      event.preventDefault();
      const data = new FormData(form);
      const all = Object.assign({}, fields, {
        why: data.get("why"),
        limit_reason: data.get("limit_reason"),
        revisit_on: data.get("revisit_on"),
      });
      send(card, all).then((result) => {
        if (result.ok) {
          sent = true;
          dialog.close();
          refresh();
        } else {
          showErrors(dialog, result.errors);
        }
      });
    };
    dialog.querySelector("[data-cancel]").onclick = function () {
      dialog.close();
    };
    dialog.onclose = function () {
      if (!sent) refresh(); // cancelled: the card goes back where it was
    };
    dialog.showModal();
    dialog.querySelector("textarea").focus();
  }

  function dropped(event) {
    const card = event.item;
    if (event.from === event.to && event.oldIndex === event.newIndex) return;
    let next = card.nextElementSibling;
    while (next && !next.dataset.id) next = next.nextElementSibling;
    const fields = { horizon: event.to.dataset.horizon, before: next ? next.dataset.id : "" };
    if (event.from === event.to) {
      send(card, fields).then(refresh);
    } else {
      ask(card, fields);
    }
  }

  function setup() {
    const root = board();
    if (!root || root.dataset.editable !== "1" || !window.Sortable) return;
    root.querySelectorAll("ol.cards[data-horizon]").forEach((list) => {
      if (list.dataset.sortable) return;
      list.dataset.sortable = "1";
      window.Sortable.create(list, {
        group: "roadmap",
        handle: ".drag",
        draggable: ".item-card",
        animation: 120,
        onEnd: dropped,
      });
    });
    root.querySelectorAll(".drag").forEach((handle) => {
      handle.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", setup);
  document.addEventListener("htmx:afterSettle", setup);
  document.addEventListener("roadmap-changed", refresh);
})();
