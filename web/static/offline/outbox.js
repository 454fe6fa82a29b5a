/* The phone's outbox: visits and reports saved without a signal, kept in IndexedDB (across
   closing the browser) until the server has them. Each item carries the idempotency key made
   when it was saved, so sending it twice (a page and the service worker at once, a send cut
   off half-way) still makes one visit or one report. Used by the pages (page.js) and by the
   service worker (sw.js, for Background Sync); no DOM here. */
(function (scope) {
  "use strict";
  var DB = "casework-outbox", STORE = "items";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), result;
        var store = tx.objectStore(STORE);
        result = work(store);
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
    });
  }

  function put(item) { return run("readwrite", function (store) { store.put(item); }); }

  /* Forget what was sent (or refused) more than `days` ago: the outcome has been seen. */
  function prune(days) {
    var before = new Date(Date.now() - days * 86400000).toISOString();
    return run("readwrite", function (store) {
      var request = store.openCursor();
      request.onsuccess = function () {
        var cursor = request.result;
        if (!cursor) return;
        var item = cursor.value;
        if (item.state !== "waiting" && item.state !== "signin" && item.sent_at < before) cursor.delete();
        cursor.continue();
      };
    });
  }

  function clear() { return run("readwrite", function (store) { store.clear(); }); }

  function newKey() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  /* Save a form's fields as an item waiting to send. */
  function add(kind, url, fields, label, user) {
    var item = { key: fields.idempotency_key || newKey(), kind: kind, url: url, user: user,
      fields: fields, label: label, saved_at: new Date().toISOString(), state: "waiting" };
    item.fields.idempotency_key = item.key;
    item.fields.captured_offline = "yes";
    return put(item).then(function () { return item; });
  }

  function session() {
    return fetch("/offline/session", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.status === 401 ? null : response.json(); });
  }

  /* Send one item; resolves to its new state. A network failure leaves it waiting. */
  function send(item, token) {
    var body = new FormData();
    Object.keys(item.fields).forEach(function (name) {
      if (name !== "csrf_token") body.append(name, item.fields[name]);
    });
    body.append("csrf_token", token);
    return fetch(item.url, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { "Idempotency-Key": item.key, "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      // the redirect to the sign-in page: the session ended meanwhile; sent after signing in
      if (response.type === "opaqueredirect" || response.status === 401) return "signin";
      var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
      item.status = response.status;
      if (!json) return response.status >= 500 ? "waiting" : "refused";
      return response.json().then(function (answer) {
        item.result = answer;
        if (response.ok) {
          item.fields = {};  // sent: keep only what the person needs to see what happened
          return answer.flag ? "flagged" : "sent";
        }
        return "refused";
      });
    });
  }

  /* Resolves to how many items the server took this time. */
  function flushAll() {
    var taken = 0;
    return session().then(function (who) {
      return all().then(function (items) {
        var chain = Promise.resolve();
        items.forEach(function (item) {
          if (item.state !== "waiting" && item.state !== "signin") return;
          chain = chain.then(function () {
            if (!who || who.user !== item.user) { item.state = "signin"; return put(item); }
            return send(item, who.csrf_token).then(function (state) {
              item.state = state;
              if (state === "signin") who = null;
              if (state === "sent" || state === "flagged") taken += 1;
              item.sent_at = new Date().toISOString();
              return put(item);
            });
          });
        });
        return chain;
      });
    }).then(function () { return taken; });
  }

  /* Send what waits; one sender at a time across the pages and the service worker. */
  function flush() {
    var locks = scope.navigator && scope.navigator.locks;
    var work = function () { return flushAll().catch(function () { return 0; /* offline */ }); };
    return locks ? locks.request("casework-outbox", work) : work();
  }

  scope.Outbox = { all: all, add: add, flush: flush, clear: clear, put: put, prune: prune };
})(self);
