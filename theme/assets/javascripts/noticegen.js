/* noticegen: small enhancements; every page works without them.
   Served from the site itself; makes no request to any other host. */
(function () {
  "use strict";

  // Dates for people, in the page's language: "1 January 2023".
  function humanDate(iso) {
    var parts = iso.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    var language = document.documentElement.lang || "en";
    // English pages write "1 January 2023" everywhere else (the server's dates): keep to it.
    if (/^en(-|$)/.test(language) && language !== "en-US") { language = "en-GB"; }
    var text = day.toLocaleDateString(language, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    // le 1er janvier, as French writes the first of a month (and the build's dates, i18n.format_date)
    if (/^fr(-|$)/.test(language) && parts[2] === 1) { text = text.replace(/^1(?=\s)/, "1er"); }
    return text;
  }
  window.noticegenHumanDate = humanDate;

  // noticegen's own words, in the page's language: a form's data-messages
  // (written by the build from its messages catalog, on pages not in
  // English) by their English text, which is also what shows without them.
  function say(form, english, values) {
    var messages = {};
    try { messages = JSON.parse(form.getAttribute("data-messages") || "{}"); } catch (error) { messages = {}; }
    var text = Object.prototype.hasOwnProperty.call(messages, english) ? messages[english] : english;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }
  window.noticegenSay = say;

  // The same as nodes to put in the page: the messages the build lists in
  // data-english (those with no translation in the page's language, so
  // English) have their words in <span lang="en">, the values put in them
  // (dates, numbers) left in the page's language, as the build marks its
  // own (generator/fallback.py).
  function isEnglish(form, english) {
    var listed = [];
    try { listed = JSON.parse(form.getAttribute("data-english") || "[]"); } catch (error) { listed = []; }
    return listed.indexOf(english) >= 0;
  }
  window.noticegenIsEnglish = isEnglish;

  function sayNodes(form, english, values) {
    if (!isEnglish(form, english)) { return document.createTextNode(say(form, english, values)); }
    var nodes = document.createDocumentFragment();
    english.split(/(\{\w+\})/).forEach(function (piece) {
      if (!piece) { return; }
      if (/^\{\w+\}$/.test(piece)) { nodes.append(say(form, piece, values)); return; }
      if (!/[\p{L}\p{N}]/u.test(piece)) { nodes.append(piece); return; }  // no words (".")
      var span = document.createElement("span");
      span.lang = "en";
      span.textContent = piece;
      nodes.append(span);
    });
    return nodes;
  }
  window.noticegenSayNodes = sayNodes;

  // "Which version was in force on <date>?" on the history page.
  function inForce(form) {
    var output = form.querySelector("output");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var day = form.elements.date.value;  // YYYY-MM-DD sorts as text
      fetch(form.getAttribute("data-versions"))
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var found = data.versions.find(function (v) { return v.effective <= day; });
          output.textContent = "";
          if (!found) {
            output.append(sayNodes(form, "No version of this statement was in force on {date}.", { date: humanDate(day) }));
            return;
          }
          var link = document.createElement("a");
          link.href = found.url.replace(data.url, form.getAttribute("data-versions").replace("versions.json", ""));
          link.append(sayNodes(form, "Version {number}", { number: found.version }));
          output.append(link, sayNodes(form, " was in force on {date} (from {since}).",
                                       { date: humanDate(day), since: humanDate(found.effective) }));
        })
        .catch(function () { output.replaceChildren(sayNodes(form, "The list of versions could not be loaded.")); });
    });
  }

  document.querySelectorAll("form.notice-in-force").forEach(inForce);

  // The language selector goes to the same page in each language; to the
  // same section too, as sections and anchors have the same ids in every one.
  var counterparts = document.querySelectorAll("a.md-select__link[data-notice-counterpart]");
  function followHash() {
    counterparts.forEach(function (link) {
      link.href = link.getAttribute("data-notice-counterpart") + location.hash;
    });
  }
  if (counterparts.length) {
    followHash();
    window.addEventListener("hashchange", followHash);
  }

  // A print button on the notice and the redlines: only where scripts run,
  // so it never shows without them (no inline handler: the CSP allows none).
  document.querySelectorAll(".notice-actions[data-print]").forEach(function (box) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button notice-print";
    button.textContent = box.getAttribute("data-print");
    if (box.hasAttribute("data-print-lang")) { button.lang = box.getAttribute("data-print-lang"); }
    button.addEventListener("click", function () { window.print(); });
    box.append(button);
  });
})();

/* Compare any two versions, in the browser: the same steps as noticegen's
   Python diff (reading text, lines first, then words; no time limit). */
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}\p{M}_]+|\s+|[^\p{L}\p{N}\p{M}_\s]/gu;

  function readingText(markdown) {
    return markdown
      .replace(/\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, "$1")
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1")
      .replace(/\s*\{\s*[#.][^}]*\}/g, "")
      .replace(/(\*\*|__|\*|`)/g, "")
      .replace(/^(\s*)\d+\.\s+/gm, "$1- ");
  }

  function diffTokens(engine, a, b, cleanup) {
    var codes = new Map(), table = [];
    function encode(tokens) {
      return tokens.map(function (token) {
        if (!codes.has(token)) { codes.set(token, String.fromCharCode(table.length + 0x100)); table.push(token); }
        return codes.get(token);
      }).join("");
    }
    var diffs = engine.diff_main(encode(a), encode(b), false);
    if (cleanup) { engine.diff_cleanupSemantic(diffs); }
    return diffs.map(function (d) {
      return [d[0], Array.from(d[1]).map(function (c) { return table[c.charCodeAt(0) - 0x100]; }).join("")];
    });
  }

  function lines(text) { return text.match(/[^\n]*\n|[^\n]+/g) || []; }
  function words(text) { return text.match(WORD) || []; }

  function wordDiff(engine, oldText, newText) {
    if (oldText === newText) { return oldText ? [[0, oldText]] : []; }
    var out = [], del = "", ins = "";
    function flush() {
      if (del && ins) { out = out.concat(diffTokens(engine, words(del), words(ins), true)); }
      else if (del) { out.push([-1, del]); }
      else if (ins) { out.push([1, ins]); }
      del = ""; ins = "";
    }
    diffTokens(engine, lines(oldText), lines(newText), false).forEach(function (op) {
      if (op[0] === -1) { del += op[1]; } else if (op[0] === 1) { ins += op[1]; } else { flush(); out.push(op); }
    });
    flush();
    return out;
  }

  // Build the redline with DOM nodes: author text only ever becomes text.
  // `languages`: {"-1": lang, "1": lang} of deleted and inserted words in another language than the page's.
  function render(ops, container, languages) {
    var block = null, list = null;
    function newLine(kind) {
      if (kind === "item") {
        if (!list) { list = document.createElement("ul"); container.append(list); }
        block = document.createElement("li"); list.append(block);
      } else {
        list = null;
        block = document.createElement(kind === "heading" ? "h3" : "p");
        container.append(block);
      }
    }
    var lineOps = [[]];
    ops.forEach(function (op) {
      op[1].split("\n").forEach(function (piece, index) {
        if (index) { lineOps.push([]); }
        if (piece) { lineOps[lineOps.length - 1].push([op[0], piece]); }
      });
    });
    var inParagraph = false;
    lineOps.forEach(function (segments) {
      var plain = segments.map(function (s) { return s[1]; }).join("");
      if (!plain.trim()) { inParagraph = false; list = null; return; }
      var kind = "text", first = segments[0], marker;
      if ((marker = /^\s*[-*+]\s+/.exec(first[1]))) { kind = "item"; }
      else if ((marker = /^#{3,6}\s+/.exec(first[1]))) { kind = "heading"; }
      if (marker) { segments = [[first[0], first[1].slice(marker[0].length)]].concat(segments.slice(1)); }
      if (kind !== "text" || !inParagraph) { newLine(kind); } else { block.append(" "); }
      inParagraph = kind === "text";
      var previous = null;
      segments.forEach(function (s) {
        if (!s[1]) { return; }
        // A deletion right beside an insertion: a space, so copied text does not run them together.
        if (previous && previous[0] !== 0 && s[0] !== 0 && previous[0] !== s[0] &&
            !/\s$/.test(previous[1]) && !/^\s/.test(s[1])) { block.append(" "); }
        previous = s;
        if (s[0] === 0) { block.append(s[1]); return; }
        var mark = document.createElement(s[0] === 1 ? "ins" : "del");
        mark.className = s[0] === 1 ? "notice-ins" : "notice-del";
        mark.textContent = s[1];
        if (languages && languages[s[0]]) { mark.lang = languages[s[0]]; }
        block.append(mark);
      });
    });
  }

  // noticegen's note on a stale or missing translation (notice.json's `note`, a Markdown
  // admonition): shown as a line of text, never diffed as the translation's words.
  function noteText(markdown) {
    return readingText(markdown.replace(/^!!!\s*\w+\s*"([^"]*)"\s*/, "$1. ")).replace(/\s+/g, " ").trim();
  }

  function sectionNote(part) {
    return element("p", "notice-section-note", noteText(part.note));
  }

  function parts(notice) {
    var list = notice.preamble ? [{ id: "preamble", title: "Introduction", markdown: notice.preamble }] : [];
    return list.concat(notice.sections);
  }

  // A section shown in the source language on a translated page (versions' `language`):
  // its words marked so, for screen readers; noticegen's words around them keep the page's.
  function inLanguage(text, language) {
    if (!language) { return text; }
    var span = element("span", "", text);
    span.lang = language;
    return span;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // The same page as a prepared redline: summary, legend, changed sections,
  // unchanged ones collapsed.
  function compareNotices(engine, older, newer, output, note, tell) {
    // `tell`: a message as nodes (sayNodes); told: in an element of its own
    function told(tag, className, english, values) {
      var node = element(tag, className);
      node.append(tell(english, values));
      return node;
    }
    function bracketed(tag, className, english) {
      var node = element(tag, className);
      node.append("(", tell(english), ")");
      return node;
    }
    var before = new Map(parts(older).map(function (s) { return [s.id, s]; }));
    var after = new Map(parts(newer).map(function (s) { return [s.id, s]; }));
    var order = parts(newer).map(function (s) { return s.id; });
    parts(older).forEach(function (s) { if (!after.has(s.id)) { order.push(s.id); } });
    output.textContent = "";
    output.append(told("h2", "", "Changes from version {old} to version {new}",
                       { old: older.version, "new": newer.version }));
    if (note) { output.append(told("p", "notice-compare-note", note)); }
    var summary = element("ul", "notice-change-summary"), blocks = [], changed = 0;
    order.forEach(function (id) {
      var a = before.get(id), b = after.get(id);
      var oldText = a ? a.markdown : "", newText = b ? b.markdown : "";
      var title = (b || a).title, anchor = "compare-" + id;
      var titleLanguage = (b || a).language || "";
      var sides = [a, b].filter(Boolean).map(function (s) { return s.language || ""; });
      var blockLanguage = sides.every(function (l) { return l && l === sides[0]; }) ? sides[0] : "";
      if (a && b && oldText === newText && a.title === b.title) {
        var details = element("details", "notice-unchanged");
        details.id = anchor;
        var head = element("summary", "");
        head.append(inLanguage(title, titleLanguage), " ", bracketed("small", "", "unchanged"));
        details.append(head, told("p", "", "Not shown: no change in this section."));
        if (b.note) { details.append(sectionNote(b)); }
        blocks.push(details);
        return;
      }
      changed += 1;
      var kind = a ? (b ? "changed" : "section removed") : "new section";
      var item = element("li"), link = element("a", "", title);
      link.href = "#" + anchor;
      if (titleLanguage) { link.lang = titleLanguage; }
      // the message's colon: French writes a space before it
      item.append(link, tell("{title}: {line}", { title: "", line: "" }), tell(kind));
      summary.append(item);
      var section = element("section", "notice-change");
      var heading = element("h3", "");
      heading.id = anchor;
      heading.append(inLanguage(title, titleLanguage), " ", bracketed("small", "notice-change-kind", kind));
      section.append(heading);
      if (b && b.note) { section.append(sectionNote(b)); }
      var words = section;
      if (blockLanguage) { words = element("div"); words.lang = blockLanguage; section.append(words); }
      render(wordDiff(engine, readingText(oldText), readingText(newText)), words,
             blockLanguage ? null : { "-1": a && a.language, "1": b && b.language });
      blocks.push(section);
    });
    if (!changed) {
      output.append(told("p", "", "No change in the text between these versions."));
      // Still say which translations were not brought up to date.
      parts(newer).forEach(function (s) {
        if (s.note) { output.append(element("p", "notice-section-note", s.title + " — " + noteText(s.note))); }
      });
      return;
    }
    output.append(told("h3", "", "What changed"), summary);
    var legend = told("p", "notice-legend", "Inserted text is ");
    legend.append(told("ins", "notice-ins", "underlined"), tell(", deleted text is "),
                  told("del", "notice-del", "struck through"), tell("."));
    output.append(legend);
    blocks.forEach(function (block) { output.append(block); });
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.diff_match_patch) { resolve(); return; }
      var script = document.createElement("script");
      script.src = src; script.onload = resolve; script.onerror = reject;
      document.head.append(script);
    });
  }

  function setUp(form) {
    var output = form.nextElementSibling;
    function say(english, values) { return window.noticegenSay(form, english, values); }
    function tell(english, values) { return window.noticegenSayNodes(form, english, values); }
    var base = form.getAttribute("data-versions").replace("versions.json", "");
    fetch(form.getAttribute("data-versions"))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        // A language's list also names the versions it has no translation of: they cannot be compared here.
        data.versions = data.versions.filter(function (v) { return v.translated !== false; });
        var position = new Map(data.versions.map(function (v, index) { return [v.version, index]; }));
        ["old", "new"].forEach(function (name, index) {
          var select = form.elements[name];
          data.versions.forEach(function (v) {
            var option = document.createElement("option");
            option.value = v.version;
            option.textContent = say("Version {number} ({status}, {date})", { number: v.version,
              status: say(v.status), date: window.noticegenHumanDate(v.effective) });
            // An option holds text only, no span: when its sentence is noticegen's English, the option
            // says so whole (the date in it, in the page's language, cannot be told apart).
            if (window.noticegenIsEnglish(form, "Version {number} ({status}, {date})")) { option.lang = "en"; }
            select.append(option);
          });
          select.selectedIndex = Math.min(index === 0 ? 1 : 0, data.versions.length - 1);
        });
        form.hidden = false;

        // Older first, whatever order they were picked in (versions.json is newest first).
        function compare(oldVersion, newVersion) {
          var note = "";
          if (position.get(oldVersion) < position.get(newVersion)) {
            note = "You picked the newer version first; the changes are shown from the older one to the newer one.";
            var swap = oldVersion; oldVersion = newVersion; newVersion = swap;
          }
          form.elements.old.value = oldVersion;
          form.elements["new"].value = newVersion;
          output.replaceChildren(tell("Comparing…"));
          Promise.all([
            loadScript(form.getAttribute("data-diff-script")),
            fetch(base + "versions/" + encodeURIComponent(oldVersion) + "/notice.json").then(function (r) { return r.json(); }),
            fetch(base + "versions/" + encodeURIComponent(newVersion) + "/notice.json").then(function (r) { return r.json(); })
          ]).then(function (loaded) {
            var engine = new window.diff_match_patch();
            engine.Diff_Timeout = 0;  // never cut a diff short
            compareNotices(engine, loaded[1], loaded[2], output, note, tell);
          }).catch(function () { output.replaceChildren(tell("The versions could not be loaded.")); });
        }

        // The pair lives in the address: shareable, bookmarkable, and the back button works.
        function fromAddress() {
          var query = new URLSearchParams(window.location.search);
          var oldVersion = query.get("old"), newVersion = query.get("new");
          if (position.has(oldVersion) && position.has(newVersion)) { compare(oldVersion, newVersion); }
          else { output.textContent = ""; }
        }
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          var query = new URLSearchParams({ old: form.elements.old.value, "new": form.elements["new"].value });
          window.history.pushState(null, "", "?" + query.toString());
          fromAddress();
        });
        window.addEventListener("popstate", fromAddress);
        fromAddress();
      });
  }

  document.querySelectorAll("form.notice-compare").forEach(setUp);
})();
