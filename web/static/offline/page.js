/* The offline side of the pages, for the child director and the township supervisor: the
   service worker's registration, the outbox's list ("waiting to send"), forms that go to the
   outbox when there is no signal, and sign-out clearing what the phone kept. Its words come
   translated from the page (the data- attributes of #outbox). */
(function () {
  "use strict";
  var panel = document.getElementById("outbox");
  if (!panel || !self.Outbox || !self.indexedDB) return;
  var user = Number(document.body.dataset.user);
  var say = panel.dataset;

  function newKey() {
    return self.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function describe(item) {
    if (item.state === "waiting") return say.waiting;
    if (item.state === "signin") return say.signin;
    if (item.state === "sent") return say.sent;
    if (item.state === "flagged") return say.flagged;
    var errors = item.result && item.result.errors ? Object.keys(item.result.errors).map(function (k) {
      return item.result.errors[k].join(" ");
    }).join(" ") : "";
    return say.refused + (errors ? ": " + errors : " (" + item.status + ")");
  }

  function render() {
    return Outbox.all().then(function (items) {
      items = items.filter(function (item) { return item.user === user; });
      var list = panel.querySelector("ul");
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "outbox-item " + item.state;
        li.dataset.state = item.state;
        li.dataset.kind = item.kind;
        var what = document.createElement("span");
        what.textContent = item.label;
        var state = document.createElement("strong");
        state.textContent = describe(item);
        li.append(what, " · ", state);
        list.append(li);
      });
      panel.hidden = items.length === 0;
    });
  }

  function send() {
    return Outbox.flush().then(function (taken) {
      // the list of visits due was drawn before these reached the server: draw it again
      if (taken && document.querySelector("[data-redraw-after-send]")) location.reload();
      else return render();
    });
  }

  function label(form) {
    var named = form.querySelector("strong");
    var picked = form.querySelector("select[name=child_id]");
    var who = named ? named.textContent : picked && picked.value && picked.selectedOptions[0] ?
      picked.selectedOptions[0].textContent.split(" · ")[0] : "";
    var day = form.querySelector("[name=visited_on]");
    return [form.dataset.outboxLabel, who, day ? day.value : ""].filter(Boolean).join(" · ");
  }

  document.querySelectorAll("form[data-outbox]").forEach(function (form) {
    var key = document.createElement("input");
    key.type = "hidden"; key.name = "idempotency_key"; key.value = newKey();
    form.append(key);  // a double tap online: the second send answers the first
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      if (!form.reportValidity()) return;
      var fields = {};
      new FormData(form).forEach(function (value, name) { fields[name] = String(value); });
      var url = new URL(form.action, location.href);
      Outbox.add(form.dataset.outbox, url.pathname + url.search, fields, label(form), user)
        .then(function () {
          if (navigator.serviceWorker && navigator.serviceWorker.ready) {
            navigator.serviceWorker.ready.then(function (registration) {
              if (registration.sync) registration.sync.register("outbox").catch(function () {});
            });
          }
          location.href = form.dataset.after || "/visits";
        });
    });
  });

  document.querySelectorAll("form.sign-out").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      Outbox.all().then(function (items) {
        var waiting = items.filter(function (item) {
          return item.state === "waiting" || item.state === "signin";
        });
        if (waiting.length && !confirm(say.confirmSignOut.replace("{count}", waiting.length))) return;
        return Outbox.clear().then(function () {
          if (self.caches) return caches.delete("casework-pages");
        }).then(function () { form.submit(); });
      });
    });
  });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (navigator.onLine && registration.active) registration.active.postMessage("keep-pages");
    }).catch(function () {});
  }
  window.addEventListener("online", send);
  Outbox.prune(7).then(render).then(function () { if (navigator.onLine) return send(); });
})();
