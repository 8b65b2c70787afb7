"""Reading a section as the detector compares it: units (headings, list
items, sentences, table cells) of normalised words.

What cannot change meaning is taken out here, before anything is compared:
HTML comments, tags and entities, kramdown attribute lists, template tags,
images, footnote marks, emphasis, list markers, link targets (a link's text
stays, marked as link text; a mailto target stays as a hidden address),
URLs (their host stays), typography, case, contractions, spelling variants,
British/American spellings, inflections, spelled-out numbers, safe phrase
rewrites and synonyms. Every normalised word keeps where it came from in
the unit's text, so a reason can quote the words as the author wrote them.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

LINK, TARGET, CAPITAL, HEADING, XREF = 1, 2, 4, 8, 16
INITIAL = 32  # a capitalised first word: a name only if the notice never writes it in lower case (compare)

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec"}
CONTRACTIONS = (("won't", "will not"), ("can't", "can not"), ("cannot", "can not"), ("shan't", "shall not"),
                ("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would"),
                ("'m", " am"), ("'s", ""))
RESERVED = {"not", "nor", "no", "may", "can", "will", "all", "any", "non", "one", "own", "now", "new", "our", "us",
            "use", "on", "off", "out", "opt", "in", "is", "as", "at", "an", "do", "to", "will", "shall"}  # no stem becomes one of these
NO_SPLIT_AFTER = {"e.g", "i.e", "etc", "inc", "ltd", "no", "st", "jr", "mr", "ms", "mrs", "dr", "vs", "approx",
                  "art", "sec", "para", "co", "corp", "u.s", "u.k", "e.u", "u.s.a", "fig", "cf"}
# ...unless the abbreviation can end a sentence (a place, a company, "etc.") and
# the next word can only open one ("... in the U.S. If you ...", not "the U.S. Government")
ENDS_ABBREVIATED = {"etc", "inc", "ltd", "co", "corp", "u.s", "u.k", "e.u", "u.s.a"}
OPENERS = {"if", "we", "you", "our", "your", "they", "their", "this", "these", "those", "it", "its", "when",
           "where", "while", "as", "for", "in", "to", "however", "please", "because", "since", "although",
           "unless", "all", "any", "each", "some", "there", "the", "a", "an", "with", "by", "at", "on"}

COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
ATTRIBUTES = re.compile(r"\{:[^}\n]*\}|\{\s*[#.][^}\n]*\}")
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]:?|[\u00b9\u00b2\u00b3\u2070-\u2079]+")
# a footnote mark in HTML ("cookies.<sup>1</sup>", linked or not); not an exponent after a digit
SUP_MARK = re.compile(r"(?<!\d)<sup\b[^>]*>\s*(?:<a\b[^>]*>\s*)?\[?(?:\d{1,3}|[*\u2020\u2021\u00a7])\]?\s*(?:</a\s*>\s*)?</sup\s*>",
                      re.I)
GLUED_MARK = re.compile(r"(\]\([^()\s]*\))\d{1,3}(?=[.,;:!?]?(?:\s|$))")  # digits typed against a link's end
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.M)
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
HTML_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.S | re.I)
HREF = re.compile(r"href\s*=\s*[\"']([^\"']*)[\"']", re.I)
BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|tr|td|th|table|thead|tbody|tfoot|h[1-6]|br|figure|figcaption|"
                       r"blockquote|section|hr|dl|dt|dd|caption)\b[^>]*>", re.I)
TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
# a link's text may be wrapped over lines (one line break, not a blank line: "[Creative Commons\nSharealike](url)");
# its target may hold balanced parentheses ("statement(07.22.20)(fr).pdf"), as Markdown allows
MD_LINK = re.compile(r"\[((?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?"
                     r"(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\]\n]*\]")
AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
URL = re.compile(r"(?<!\x06)\b(?:https?://|www\.)[^\s)\]>\"'\x02\x05\x06\x07]+")
HEADING_LINE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
QUOTE = re.compile(r"^\s*(?:>\s?)+")
RULE_LINE = re.compile(r"^\s*(?:([-*_=])\s*){3,}$")
SETEXT_LINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")  # under a line of text: a setext heading
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
EMPHASIS = re.compile(r"\*+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|`+|~~")
STRAY_HASHES = re.compile(r"(?<!\S)#{1,6}(?!\S)")
SENTENCE_END = re.compile(r"([.!?])([\"”’)\]\x02]*)\s+(?=[\"“(\[\x01\x05]*(?:\x06[^\x07]*\x07)?[\"“(\[]*[A-Z0-9¿¡])")
# an address written against harvesters ("privacy[at]github[dot]com"): one word, the address it spells
OBFUSCATED = re.compile(r"([\w.+-]{0,63}\w)\s?[\[(]at[\])]\s?([\w-]+(?:\s?[\[(]dot[\])]\s?[\w-]+)+)", re.I)
OBFUSCATED_DOT = re.compile(r"\s?[\[(]dot[\])]\s?", re.I)
TOKEN = re.compile(r"\x06[^\x07]*\x07|[\x01-\x05]|[\w.+-]{0,63}\w@[\w-]+(?:\.[\w-]+)+"
                   r"|[\w.+-]{0,63}\w\s?[\[(][Aa][Tt][\])]\s?[\w-]+(?:\s?[\[(][Dd][Oo][Tt][\])]\s?[\w-]+)+"
                   r"|[A-Za-z0-9\u00c0-\u024f]+(?:['’][A-Za-z]+)*(?:[.\-/&][A-Za-z0-9\u00c0-\u024f]+(?:['’][A-Za-z]+)*)*"
                   r"|[%$€£§©&]")
INITIALISM = re.compile(r"^(?:[a-z]\.){2,}[a-z]?\.?$|^(?:[a-z]\.)+[a-z]$")


@dataclass
class Unit:
    """A heading, list item, sentence or table cell of one section."""

    section: str
    position: int  # order in the notice
    kind: str  # "title", "heading", "item" (a list item's sentence) or "text"
    text: str  # as the reader sees it, link marks \x01..\x02 and hidden \x03..\x04 inside
    block: int = 0  # the paragraph, item or cell it belongs to
    row: int = 0  # the table row it belongs to (numbered in its section), 0 outside tables
    words: list = field(default_factory=list)  # normalised words
    spans: list = field(default_factory=list)  # (start, end) in text for each word
    flags: list = field(default_factory=list)  # LINK, TARGET, CAPITAL, HEADING, INITIAL bits for each word
    dateline: bool = False  # a date, version or copyright line
    changelog: bool = False  # an entry of a change log (starts with a date)

    @property
    def key(self) -> tuple:
        return tuple(self.words)

    def quote(self, start: int, end: int) -> str:
        """The words start..end (exclusive) as written, marks removed."""
        if start >= end:
            return ""
        text = self.text[self.spans[start][0]:self.spans[end - 1][1]]
        text = re.sub(r"\x03[^\x04]*\x04", "", text)
        text = re.sub(r"\x06[^\x07]*\x07", "", text)
        for mark in "\x01\x02\x05":
            text = text.replace(mark, "")
        return " ".join(text.split()).strip(" ,;:")


# Cleaning ----------------------------------------------------------------

def _host(url: str) -> str:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.I).split("/")[0].split("?")[0].split("#")[0]
    return host.rstrip(".").lower()


def _html_link(match: re.Match) -> str:
    href = HREF.search(match.group(1))
    return f"[{match.group(2)}]({href.group(1) if href else ''})"


def _md_link(match: re.Match) -> str:
    text, target = match.group(1), match.group(2)
    hidden = ""
    if target.lower().startswith("mailto:"):
        address = target[7:].split('?')[0]
        if address.lower() not in text.lower():  # the address already written as the link's text is not said twice
            hidden = f"\x03{address}\x04"
    if not text.strip():
        return hidden
    start = "\x05" if "#" in target else "\x01"  # a link to a place in a page: a cross-reference
    host = _host(target) if re.match(r"(?:https?:)?//|www\.", target, re.I) else ""
    return f"{start}\x06{host}\x07{text}\x02{hidden}"  # the host rides along, hidden


MOJIBAKE = re.compile("[\u00c0-\u00ff][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                      "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+")


def _repaired(match: re.Match) -> str:
    """UTF-8 read as Windows-1252 ("youâ€™re", or twice: "youÃ¢â‚¬â„¢re"),
    read back; text that does not decode is left as written."""
    text = match.group()
    for _ in range(3):
        try:
            fixed = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
        if fixed == text:
            break
        text = fixed
    return text


def clean(markdown: str) -> str:
    """Markdown with everything that is not text for a reader taken out."""
    if "\u00c3" in markdown or "\u00e2" in markdown:
        markdown = MOJIBAKE.sub(_repaired, markdown)
    text = unicodedata.normalize("NFKC", markdown)
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text)  # soft hyphens, zero-width spaces
    text = COMMENT.sub(" ", text)
    text = TEMPLATE.sub(" ", text)
    text = ATTRIBUTES.sub(" ", text)
    text = REFERENCE.sub(" ", text)
    text = IMAGE.sub(" ", text)
    text = SUP_MARK.sub(" ", text)
    text = FOOTNOTE.sub(" ", text)
    text = re.sub(r"(?<=[A-Za-z])\(s\)(?![\w(])", "s", text)  # "owner(s)": the word, maybe plural
    text = GLUED_MARK.sub(r"\1", text)  # "[Learn more](https://...)12.": a mark typed against the link, no quantity
    text = HTML_LINK.sub(_html_link, text)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)  # a line break inside a block (addresses)
    text = re.sub(r"<tr\b[^>]*>", "\n\n\x0e\n\n", text, flags=re.I)  # a table row starts (split_units numbers it)
    text = re.sub(r"</tr\s*>", "\n\n\x0f\n\n", text, flags=re.I)  # and ends
    text = BLOCK_TAG.sub("\n\n", text)  # cells, items, paragraphs of HTML: units of their own
    text = TAG.sub(" ", text)
    text = html.unescape(text).replace("\u00a0", " ")
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 1,000 is 1000
    text = ESCAPE.sub(r"\1", text)
    text = REF_LINK.sub(r"\1", text)
    text = AUTOLINK.sub(lambda m: (f"\x01{_host(m.group(1))}\x02" if not m.group(1).lower().startswith("mailto:")
                                   else m.group(1)[7:]), text)
    for _ in range(2):  # a link inside a link's text
        text = MD_LINK.sub(_md_link, text)
    text = URL.sub(lambda m: _host(m.group(0)), text)
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"),
                 ("\u2014", " - "), ("\u2026", "...")):
        text = text.replace(a, b)
    return text


def split_units(section: str, title: str, markdown: str, start: int = 0) -> list[Unit]:
    """The section's title, then its headings, list items, sentences and cells."""
    units = []
    position = start
    if title.strip():
        units.append(Unit(section, position, "title", _inline(clean(title))))
        position += 1
    blocks: list[tuple[str, str, int]] = []  # (kind, text, table row)
    paragraph: list[str] = []
    kind = ["text"]
    rows = [0, 0]  # rows numbered so far, the row being read (0: none)

    def flush():
        if paragraph:
            blocks.append((kind[0], " ".join(paragraph), rows[1]))
            paragraph.clear()
        kind[0] = "text"

    for line in clean(markdown).split("\n"):
        line = QUOTE.sub("", line)
        if line.strip() in ("\x0e", "\x0f"):  # an HTML table row starts or ends
            flush()
            rows[0] += line.strip() == "\x0e"
            rows[1] = rows[0] if line.strip() == "\x0e" else 0
            continue
        if SETEXT_LINE.match(line) and len(paragraph) == 1 and kind[0] == "text":
            blocks.append(("heading", paragraph.pop(), rows[1]))  # "Privacy Policy" over a line of dashes: a heading
            continue
        if not line.strip() or RULE_LINE.match(line) or TABLE_RULE.match(line):
            flush()
            continue
        heading = HEADING_LINE.match(line)
        if heading:
            flush()
            blocks.append(("heading", heading.group(2), rows[1]))
            continue
        if "|" in line and line.strip().startswith("|") or line.count("|") >= 2:
            flush()
            rows[0] += 1
            blocks += [("text", cell, rows[0]) for cell in line.strip().strip("|").split("|") if cell.strip()]
            continue
        item = ITEM.match(line)
        if item:
            flush()
            kind[0] = "item"
            line = line[item.end():]
        paragraph.append(line.strip())
    flush()
    for number, (block_kind, text, row) in enumerate(blocks, 1):
        text = _inline(text)
        if not text:
            continue
        pieces = [text] if block_kind == "heading" else _sentences(text)
        for piece in pieces:
            if piece.strip(" .,;:-\x01\x02\x05"):
                units.append(Unit(section, position, block_kind, piece, block=number, row=row))
                position += 1
    return units


def _inline(text: str) -> str:
    text = EMPHASIS.sub(" ", text)
    text = re.sub(r"(?<=[a-z])\.(?=[A-Z][a-z])", ". ", text)  # "more.This": a full stop without its space
    text = STRAY_HASHES.sub(" ", text)
    return " ".join(text.split())


def _sentences(text: str) -> list[str]:
    pieces, last = [], 0
    for match in SENTENCE_END.finditer(text):
        before = text[last:match.start()].rsplit(" ", 1)[-1].lower().strip("(\"'\x01\x02")
        if before in NO_SPLIT_AFTER and not (before in ENDS_ABBREVIATED and _opener(text, match.end())) \
                or re.fullmatch(r"[a-z]", before):
            continue
        end = match.end(2)
        pieces.append(text[last:end].strip())
        last = end
    pieces.append(text[last:].strip())
    return [piece for piece in pieces if piece]


def _opener(text: str, at: int) -> bool:
    """The word at `at` is one that opens a sentence, never a name's first word."""
    word = re.match(r"[\"“(\[\x01\x05]*([A-Za-z]+)", text[at:])
    return bool(word) and word.group(1)[:1].isupper() and word.group(1).lower() in OPENERS


# Words -------------------------------------------------------------------

def spelling(word: str) -> str:
    """British and American spellings of -ise/-yse words are one word here."""
    word = re.sub(r"(?<=...)is(e|ed|es|ing|ation|ations)$", r"iz\1", word)
    return re.sub(r"(?<=..)ys(e|ed|es|ing)$", r"yz\1", word)


def stem(word: str, inflections: dict) -> str:
    """One form for a word's inflections (store, stores, stored, storing):
    plain suffix rules, the same for every word, so forms meet even where
    the result is not a dictionary word."""
    if word in inflections:  # an irregular form: the regular rules then read its base ("made" -> "make" -> "mak")
        word = inflections[word]
    if word in RESERVED:
        return word
    original = word
    if len(word) >= 4 and word[0] == word[1] and word[0] not in "aeiou" and word.isalpha():
        word = word[1:]  # a letter typed twice at the start (fFor)
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return original if word in RESERVED else word


def _surface_words(surface: str) -> list[str]:
    """A token as written -> its lower-case words (contractions opened,
    hyphens and slashes split, initialisms without their dots)."""
    word = surface.lower().replace("\u2019", "'")
    if word == "&":
        return ["and"]
    if "@" in word:
        return [word.strip(".")]
    spelled = OBFUSCATED.fullmatch(word)
    if spelled:
        return [f"{spelled.group(1)}@{OBFUSCATED_DOT.sub('.', spelled.group(2))}"]
    word = word.rstrip(".")
    if INITIALISM.match(word + "."):
        return [word.replace(".", "")]
    for contraction, full in CONTRACTIONS:
        if contraction in word:
            word = word.replace(contraction, full)
    parts = []
    for piece in word.split():
        ordinal = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", piece)
        if ordinal:  # "24th" is the date 24
            parts.append(ordinal.group(1))
            continue
        if re.fullmatch(r"\d+(?:\.\d+)+|[\w-]+(?:\.[a-z]{2,})+", piece) and not piece.replace(".", "").isdigit() \
                or re.fullmatch(r"\d+\.\d+", piece):
            parts.append(piece)  # a domain (wp.cloud) or a version number (4.0)
            continue
        parts += [p for p in re.split(r"[-/.&]", piece) if p]
        if "&" in piece:
            parts.insert(len(parts) - 1, "and")
    return parts


def _rewrite(words: list, table: dict, firsts: dict) -> list:
    """Replace runs of words found in `table` (longest first); `words` are
    (word, span, flags) triples; a replacement takes the span of its run.
    `firsts`: first word of a key -> the key lengths, longest first."""
    if not table:
        return words
    out, i, count = [], 0, len(words)
    while i < count:
        sizes = firsts.get(words[i][0])
        if sizes:
            for size in sizes:
                if i + size <= count:
                    run = tuple(w[0] for w in words[i:i + size])
                    if run in table:
                        span = (words[i][1][0], words[i + size - 1][1][1])
                        flags = words[i][2]
                        out += [(w, span, flags) for w in table[run]]
                        i += size
                        break
            else:
                out.append(words[i])
                i += 1
            continue
        out.append(words[i])
        i += 1
    return out


def first_words(table: dict) -> dict:
    firsts: dict = {}
    for key in table:
        firsts.setdefault(key[0], set()).add(len(key))
    return {word: sorted(sizes, reverse=True) for word, sizes in firsts.items()}


def _numbers(words: list) -> list:
    """Spelled numbers become digits; `ninety (90)` is one number."""
    out: list = []
    for word, span, flags in words:
        value = UNITS.get(word, TENS.get(word))
        if value is not None and out and out[-1][0].isdigit() and int(out[-1][0]) in TENS.values() and value < 10:
            out[-1] = (str(int(out[-1][0]) + value), (out[-1][1][0], span[1]), out[-1][2])
            continue
        token = str(value) if value is not None else word
        if token.isdigit() and out and out[-1][0] == token:
            continue
        out.append((token, span, flags))
    return out


def _abbreviated(text: str, vocabulary) -> str:
    for pattern, expansion in vocabulary.abbreviations:
        if pattern.search(text):
            text = pattern.sub(expansion, text)
    return text


def _segments(text: str, vocabulary):
    """(start, end, expansion or None): the text cut around abbreviations,
    so that "EU-U.S." reads as two expansions but is quoted as written."""
    found = []
    for pattern, expansion in vocabulary.abbreviations:
        for match in pattern.finditer(text):
            if not any(a < match.end() and match.start() < b for a, b, _ in found):
                found.append((match.start(), match.end(), expansion))
    found.sort()
    position = 0
    for start, end, expansion in found:
        yield position, start, None
        yield start, end, expansion
        position = end
    yield position, len(text), None


def tokens(text: str, vocabulary, heading: bool = False) -> tuple[list, list, list]:
    """(normalised words, spans, flags) of one unit's text."""
    memo = vocabulary.words
    hosts = vocabulary.hosts
    raw: list = []
    state = 0
    first = True
    for start, end, expansion in _segments(text, vocabulary):
        if expansion is not None:
            flags = state | (HEADING if heading else 0) | (CAPITAL if not first else 0)
            raw += [(word, (start, end), flags) for word in surface_split(expansion)]
            first = False
            continue
        for match in TOKEN.finditer(text, start, end):
            surface = match.group()
            if surface[0] == "\x06":  # the host of the link whose text follows: flags above bit 8
                state = (state & 0xFF) | (hosts.setdefault(surface[1:-1], len(hosts) + 1) << 8 if surface[2:] else 0)
                continue
            if len(surface) == 1 and surface in "\x01\x02\x03\x04\x05":
                state = {"\x01": state | LINK, "\x02": state & ~(LINK | XREF) & 0xFF, "\x03": state | TARGET,
                         "\x04": state & ~TARGET, "\x05": state | LINK | XREF}[surface]
                continue
            flags = state | (HEADING if heading else 0)
            if surface[0].isupper():
                flags |= INITIAL if first else CAPITAL
            first = False
            words = memo.get(surface)
            if words is None:
                words = memo[surface] = _surface_words(surface)
            span = match.span()
            raw += [(word, span, flags) for word in words]
    raw = _rewrite(raw, vocabulary.variant_table, vocabulary.firsts["variants"])
    raw = _numbers(raw)
    stems = vocabulary.stems
    normal = []
    for word, span, flags in raw:
        base = stems.get(word)
        if base is None:
            base = stems[word] = stem(spelling(word), vocabulary.inflections) if word.isalpha() else word
        normal.append((base, span, flags))
    normal = _rewrite(normal, vocabulary.phrases, vocabulary.firsts["phrases"])
    normal = _rewrite(normal, vocabulary.synonyms, vocabulary.firsts["synonyms"])
    if not heading and normal and normal[0][0] in vocabulary.connective_firsts:
        normal = _without_connective(normal, text, vocabulary.connective_firsts[normal[0][0]])
    return [w for w, _, _ in normal], [s for _, s, _ in normal], [f for _, _, f in normal]


def _without_connective(normal: list, text: str, connectives: list) -> list:
    """A connective that opens the sentence before a comma ("Likewise, we
    ...", "Even so, GitHub ...") only ties it to the one before: its words
    are dropped, so exchanging, adding or dropping it changes nothing. Not
    elsewhere ("legal or similarly significant effects"), and not without
    its comma ("Finally deleted")."""
    for phrase in connectives:
        size = len(phrase)
        if len(normal) > size and tuple(w for w, _, _ in normal[:size]) == phrase:
            if text[normal[size - 1][1][1]:].lstrip("\x02\x04)\"'\u201d\u2019 ")[:1] != ",":
                continue
            word, span, flags = normal[size]
            if flags & CAPITAL:  # now the sentence's first word ("Similarly, 37signals ...")
                flags = flags & ~CAPITAL | INITIAL
            return [(word, span, flags)] + normal[size + 1:]
    return normal


def normalise_words(text: str, vocabulary) -> list[str]:
    """The normalised words of a plain text (vocabulary terms, tests)."""
    return tokens(_inline(clean(text)), vocabulary)[0]


def read_units(units: list[Unit], vocabulary) -> None:
    """Fill in each unit's words (once); a change-log entry's later
    sentences are part of the entry."""
    entry_block = None
    for unit in units:
        if unit.words or unit.spans:
            continue
        unit.words, unit.spans, unit.flags = tokens(unit.text, vocabulary, unit.kind in ("title", "heading"))
        unit.dateline, unit.changelog = _dateline(unit, vocabulary)
        if unit.changelog:
            entry_block = (unit.section, unit.block)
        elif entry_block == (unit.section, unit.block):
            unit.changelog = True


def is_date_word(word: str) -> bool:
    return word in MONTHS or (word.isdigit() and (len(word) <= 2 or (len(word) == 4 and word[:2] in ("19", "20"))))


def _dateline(unit: Unit, vocabulary) -> tuple[bool, bool]:
    words = unit.words
    if _licence_line(words):
        return True, False  # the notice's own licence, like its copyright line: no data practice
    dates = [w for w in words if is_date_word(w) or w in MONTHS]
    if not dates and _version_banner(words, vocabulary):
        return True, False
    if words and set(words) <= LOG_LINE and ("log" in words or {"history", "chang"} <= set(words)):
        return True, False  # "Change log:", "History of changes": the log's own title line
    if not dates or not any(w in MONTHS or (w.isdigit() and len(w) == 4) for w in words):
        return False, False
    rest = [w for w in words if not is_date_word(w) and w not in vocabulary.date_words
            and w not in vocabulary.ignorable]
    copyright_line = "©" in words or "copyright" in words
    if not rest or (copyright_line and len(rest) <= 4):
        return True, False
    # "_November 2, 2016:_ Added that ...": a change-log entry
    head = re.match(r"^\W*(?:\x01)?\s*(?:[A-Z][a-z]+\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{4}-\d{2}-\d{2}"
                    r"|\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+,? \d{4})\W*[:\-\u2013]", unit.text)
    if head and head.group().split()[0].strip("_*([").lower().rstrip(".") not in MONTHS \
            and not head.group().lstrip("_*([ ")[:1].isdigit():
        head = None  # "Section 2021:" is not a date
    return False, bool(head)


LOG_LINE = {"chang", "log", "history", "the", "of", "our", "this", "policy", "notic", "statement", "privacy"}
BANNER_NAMES = {"notic", "policy", "statement", "version"}  # normalised: the notice itself, or its version
BANNER_NEWS = {"updat", "new", "reviz", "chang", "latest", "upcom", "version"}
BANNER_WORDS = {"new", "latest", "upcom", "current", "previous"}


def _version_banner(words: list, vocabulary) -> bool:
    """A line about the notice's own new version, like a date line ("We're
    updating our Privacy Notice.", "Click here to see the new version."):
    it names the notice or its version and an update, and has no word
    besides those of date lines, pointers and a version's newness; no
    negation, modal, qualifier or number."""
    content = [w for w in words if w not in vocabulary.ignorable]
    if not content or not any(w in BANNER_NAMES for w in content) or not any(w in BANNER_NEWS for w in content):
        return False
    protected = vocabulary.protected
    return all(w not in protected and not any(c.isdigit() for c in w)
               and (w in vocabulary.date_words or w in vocabulary.pointers or w in BANNER_WORDS) for w in content)


LICENCE_WORDS = {"licens", "licenc", "attribution", "sharealik", "cc", "by", "sa", "nc", "nd", "zero", "cc0",
                 "public", "domain", "international", "unport", "version", "term", "under", "of", "this", "the",
                 "is", "are", "and", "a", "its", "our", "notice", "policy", "statement", "privacy", "document",
                 "text", "available", "content", "creativ", "common"}


def _licence_line(words: list) -> bool:
    """A sentence about the Creative Commons licence the notice's text is
    published under (not a practice): names Creative Commons, and at most
    a few words besides the licence's own."""
    if not any(a == "creativ" and b == "common" for a, b in zip(words, words[1:])):
        return False
    rest = [w for w in words if w not in LICENCE_WORDS and not w.isdigit() and not re.fullmatch(r"\d+\.\d+", w)]
    return len(rest) <= 8 and not any(w in ("not", "no", "never", "only") for w in rest)


def surface_split(text: str) -> list[str]:
    """Lower-case words of a text as written (no stems): variant spellings."""
    return [w for token in TOKEN.findall(clean(text)) if len(token) > 1 or token.isalnum()
            for w in _surface_words(token)]
