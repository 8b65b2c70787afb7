/* noticegen: small enhancements; every page works without them.
   Served from the site itself; makes no request to any other host. */
(function () {
  "use strict";

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
            output.textContent = "No version of this statement was in force on " + day + ".";
            return;
          }
          var link = document.createElement("a");
          link.href = found.url.replace(data.url, form.getAttribute("data-versions").replace("versions.json", ""));
          link.textContent = "Version " + found.version;
          output.append(link, " was in force on " + day + " (from " + found.effective + ").");
        })
        .catch(function () { output.textContent = "The list of versions could not be loaded."; });
    });
  }

  document.querySelectorAll("form.notice-in-force").forEach(inForce);

  // A print button on the notice and the redlines: only where scripts run,
  // so it never shows without them (no inline handler: the CSP allows none).
  document.querySelectorAll(".notice-actions[data-print]").forEach(function (box) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button notice-print";
    button.textContent = box.getAttribute("data-print");
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
  function render(ops, container) {
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
      segments.forEach(function (s) {
        if (!s[1]) { return; }
        if (s[0] === 0) { block.append(s[1]); return; }
        var mark = document.createElement(s[0] === 1 ? "ins" : "del");
        mark.className = s[0] === 1 ? "notice-ins" : "notice-del";
        mark.textContent = s[1];
        block.append(mark);
      });
    });
  }

  function parts(notice) {
    var list = notice.preamble ? [{ id: "preamble", title: "Introduction", markdown: notice.preamble }] : [];
    return list.concat(notice.sections);
  }

  function compareNotices(engine, older, newer, output) {
    var before = new Map(parts(older).map(function (s) { return [s.id, s]; }));
    var after = new Map(parts(newer).map(function (s) { return [s.id, s]; }));
    var order = parts(newer).map(function (s) { return s.id; });
    parts(older).forEach(function (s) { if (!after.has(s.id)) { order.push(s.id); } });
    output.textContent = "";
    var heading = document.createElement("h2");
    heading.textContent = "Changes from version " + older.version + " to version " + newer.version;
    output.append(heading);
    var changed = 0;
    order.forEach(function (id) {
      var a = before.get(id), b = after.get(id);
      var oldText = a ? a.markdown : "", newText = b ? b.markdown : "";
      if (a && b && oldText === newText && a.title === b.title) { return; }
      changed += 1;
      var section = document.createElement("section");
      section.className = "notice-change";
      var title = document.createElement("h3");
      title.textContent = (b || a).title + (a ? (b ? " (changed)" : " (section removed)") : " (new section)");
      section.append(title);
      render(wordDiff(engine, readingText(oldText), readingText(newText)), section);
      output.append(section);
    });
    if (!changed) {
      var none = document.createElement("p");
      none.textContent = "No change in the text between these versions.";
      output.append(none);
    }
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
    var base = form.getAttribute("data-versions").replace("versions.json", "");
    fetch(form.getAttribute("data-versions"))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        ["old", "new"].forEach(function (name, index) {
          var select = form.elements[name];
          data.versions.forEach(function (v) {
            var option = document.createElement("option");
            option.value = v.version;
            option.textContent = "Version " + v.version + " (" + v.effective + ")";
            select.append(option);
          });
          select.selectedIndex = Math.min(index === 0 ? 1 : 0, data.versions.length - 1);
        });
        form.hidden = false;
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          var pick = function (name) { return form.elements[name].value; };
          Promise.all([
            loadScript(form.getAttribute("data-diff-script")),
            fetch(base + "versions/" + encodeURIComponent(pick("old")) + "/notice.json").then(function (r) { return r.json(); }),
            fetch(base + "versions/" + encodeURIComponent(pick("new")) + "/notice.json").then(function (r) { return r.json(); })
          ]).then(function (loaded) {
            var engine = new window.diff_match_patch();
            engine.Diff_Timeout = 0;  // never cut a diff short
            compareNotices(engine, loaded[1], loaded[2], output);
          }).catch(function () { output.textContent = "The versions could not be loaded."; });
        });
      });
  }

  document.querySelectorAll("form.notice-compare").forEach(setUp);
})();
