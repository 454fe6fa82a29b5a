/* The service worker of the village phone (served at /sw.js, scope "/"). It keeps the pages
   /offline/pages names for the signed-in child director or township supervisor (their home,
   visits due, the children of their area as their role sees them, the visit and report
   forms) and the static files, answers from the network when there is one and from what it
   kept when there is none, and sends the outbox on Background Sync. Nothing else is kept:
   other pages always come from the network. */
"use strict";
var VERSION = "v1";
var STATIC = "casework-static-" + VERSION, PAGES = "casework-pages";
var STATIC_FILES = ["/static/pages.css", "/static/picker.js", "/static/favicon.svg",
  "/static/offline/outbox.js", "/static/offline/page.js"];

importScripts("/static/offline/outbox.js");

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) { return cache.addAll(STATIC_FILES); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("casework-static-") === 0 && name !== STATIC;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* Keep the pages this user needs offline, fresh from the network, and only those: each page
   is replaced only by a good copy, and pages no longer wanted go after the wanted are kept,
   so that a page is never missing meanwhile. */
function keepPages() {
  return fetch("/offline/pages", { credentials: "same-origin", cache: "no-store" })
    .then(function (response) {
      if (!response.ok) throw new Error("no list of pages");
      return response.json();
    })
    .then(function (body) {
      var wanted = body.pages.map(function (path) { return new URL(path, self.location).href; });
      return caches.open(PAGES).then(function (cache) {
        return Promise.all(wanted.map(function (url) {
          return fetch(url, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected) return cache.put(url, response);
          }).catch(function () { /* no signal: the copy kept before stays */ });
        })).then(function () { return cache.keys(); }).then(function (kept) {
          return Promise.all(kept.filter(function (request) {
            return wanted.indexOf(request.url) < 0;
          }).map(function (request) { return cache.delete(request); }));
        });
      });
    });
}

var keeping = Promise.resolve();  // one refresh at a time

self.addEventListener("message", function (event) {
  if (event.data === "keep-pages") {
    keeping = keeping.then(keepPages).catch(function () {});
    event.waitUntil(keeping);
  }
  if (event.data === "forget") event.waitUntil(caches.delete(PAGES));
});

self.addEventListener("sync", function (event) {
  if (event.tag === "outbox") event.waitUntil(Outbox.flush());
});

var EXACT = { ignoreVary: true };  // the pages vary on the cookie, which a request here lacks

function fromCache(request) {
  var path = new URL(request.url).pathname;
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request.url, EXACT).then(function (found) {
      if (found) return found;
      // a visit form for a child not kept: the blank form, whose picker lists the children
      var instead = path === "/visits/new" ? "/visits/new" : "/visits";
      return cache.match(new URL(instead, self.location).href, EXACT);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    // what was kept at once, and a fresh copy kept for the next load
    event.respondWith(caches.open(STATIC).then(function (cache) {
      return cache.match(request).then(function (found) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
        if (found) { event.waitUntil(fresh.catch(function () {})); return found; }
        return fresh;
      });
    }));
    return;
  }
  if (request.mode !== "navigate") return;
  event.respondWith(fetch(request).then(function (response) {
    // what the network gives now replaces what was kept for this page (if it is kept)
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) {
        return cache.match(request.url, EXACT).then(function (kept) { if (kept) cache.put(request.url, copy); });
      });
    }
    return response;
  }).catch(function () {
    return fromCache(request).then(function (found) {
      return found || new Response("offline", { status: 503, headers: { "Content-Type": "text/plain" } });
    });
  }));
});
